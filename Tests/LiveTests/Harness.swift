import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The built binaries (make test builds them; VAS_BIN_DIR overrides).
enum Binaries {
    static var viewer: URL { BuiltPrograms.viewer }
    static var simulator: URL { BuiltPrograms.simulator }
    static var host: URL { BuiltPrograms.host }
}

/// A running vas-sim on a free loopback port; stopped when released.
final class Simulator: @unchecked Sendable {
    let process = Process()
    let url: String

    /// Starts it and waits for its "listening" line (the pipe, not a timer, says when it is ready).
    init(_ arguments: [String]) throws {
        process.executableURL = Binaries.simulator
        process.arguments = ["--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = firstLine(of: out)
        guard let range = text.range(of: "http://") else {
            process.terminate()
            throw SimulatorError(output: text)
        }
        url = String(text[range.lowerBound...].prefix { !$0.isNewline })
    }

    struct SimulatorError: Error { var output: String }

    /// The simulator's counters (`/_sim/stats`).
    func stats() throws -> [String: Int] {
        (try JSONSerialization.jsonObject(with: get("/_sim/stats")) as? [String: Int]) ?? [:]
    }

    func issuedTokens() throws -> [String] {
        (try JSONSerialization.jsonObject(with: get("/_sim/tokens")) as? [String]) ?? []
    }

    /// Foundation on Linux cannot fetch http URLs by itself; the curl command can.
    private func get(_ path: String) throws -> Data {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sS", "--max-time", "10", url + path]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        return data
    }

    /// SIGKILL: SIGTERM asks Hummingbird for a graceful shutdown, which waits for
    /// open streams — and a viewer in tmux may still be connected.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Writes a scenario file for one test.
func scenarioFile(_ lines: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-scenario-\(UUID()).jsonl").path
    try lines.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs vas-view to its end against `simulator`, with short timings.
func viewer(_ arguments: [String], against simulator: Simulator, stdin: String? = nil,
            environment: [String: String] = [:]) throws -> Run {
    try runViewer(arguments + ["--server", simulator.url, "--backoff-initial", "0.1", "--backoff-cap", "0.5"],
                  stdin: stdin, environment: environment)
}

/// Runs vas-view to its end in a clean environment: no password or server from the
/// machine, and state and configuration folders of its own unless the test gives them.
func runViewer(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "VAS_PASSWORD")
    env.removeValue(forKey: "VAS_SERVER")
    // Autosave journals and logs go to a place of the test's own, never the real ~/.local/state.
    env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("vas-state-\(UUID())").path
    // No configuration file unless the test writes one: the machine's own must not change results.
    env["XDG_CONFIG_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("vas-config-\(UUID())").path
    for (key, value) in environment { env[key] = value }
    return try run(Binaries.viewer.path, arguments, stdin: stdin, environment: env)
}

/// Runs a program to its end (TestSupport's `ProcessRunner`), its output as text.
func run(_ program: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil) throws -> Run {
    let result = try ProcessRunner.run(URL(fileURLWithPath: program), arguments, stdin: stdin.map { Data($0.utf8) }, environment: environment)
    return Run(status: result.status, stdout: result.text, stderr: result.stderr)
}

/// vas-view running in plain mode, read as a person watching would: until `text` appears,
/// then sent `signal` (SIGINT is Ctrl-C, SIGKILL a pulled plug). Returns its exit status.
func interruptViewer(_ arguments: [String], stateHome: String, after text: String, with signal: Int32) throws -> Int32 {
    try interruptViewer(arguments, stateHome: stateHome, when: { $0.contains(text) }, with: signal).status
}

/// The same, sent `signal` once what it printed so far satisfies `seenEnough`; its output too.
func interruptViewer(_ arguments: [String], stateHome: String, when seenEnough: (String) -> Bool,
                     with signal: Int32) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = Binaries.viewer
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = stateHome
    environment["XDG_CONFIG_HOME"] = stateHome + "/config"
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    var seen = ""
    while !seenEnough(seen) {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen += String(decoding: chunk, as: UTF8.self)
    }
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    return (process.terminationStatus, seen)
}

/// The first line a starting server prints on `pipe` ("listening on URL"), read as it comes.
func firstLine(of pipe: Pipe) -> String {
    var line = Data()
    while !line.contains(0x0A) {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
    }
    return String(decoding: line, as: UTF8.self)
}

extension Run {
    /// Transcript lines only (no `#` status lines).
    var transcript: [String] {
        stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }
}

/// Controls no remote text may bring to a terminal: C1, bidi embeddings and overrides
/// (U+202A–U+202E) and bidi isolates (U+2066–U+2069).
func isForbiddenScalar(_ scalar: Unicode.Scalar) -> Bool {
    (0x80...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
}

/// The transcript of the built-in `short` scenario, in English.
let shortTranscript = [
    "[00:01] 大家好，歡迎。", "  → Hello everyone, welcome.",
    "[00:04] 今天的主題是圖書館。", "  → Today's topic is the library.",
    "[00:08] 謝謝大家。", "  → Thank you all.",
]

/// A hang guard, not a speed goal. Swift Testing starts every test's clock when the run
/// starts, and these tests wait on real processes from synchronous functions, one per
/// cooperative thread (one per core): on a small machine a test may queue for a minute or
/// more before it runs. Each viewer run has its own 90 s guard besides.
let liveTimeLimit = 15

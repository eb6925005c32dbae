import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A broadcast the chaos tests write themselves, so they know every sid and text on their own:
/// `count` sentences, each said in three growing partials, then final, then translated.
/// The texts mix 2-, 3- and 4-byte UTF-8 characters, so a cut lands inside one often.
struct ChaosScenario {
    struct Sentence {
        var sid: Int
        var original: String
        var partials: [String]
        var translation: String
    }

    let sentences: [Sentence]
    let text: String
    var sids: [Int] { sentences.map(\.sid) }

    static let originals = [
        "今天天氣很好，我們一起去圖書館看書。",
        "請大家注意，會議將在十分鐘後開始🎉。",
        "這個系統可以即時翻譯每一句話，非常方便。",
        "謝謝各位的耐心等待，我們馬上回來😀。",
        "如果有任何問題，請在會後到服務台提出。",
        "座位預約系統會顯示每個樓層的空位。",
    ]
    static let translations = [
        "The weather is nice today — let's read at the library.",
        "Attention please: the meeting starts in ten minutes 🎉.",
        "This système translates every sentence in real time, très pratique.",
        "Thank you for waiting; we'll be right back — café is open 😀.",
        "Any question? Ask at the service desk after the session, s'il vous plaît.",
        "The seat booking system shows the free seats on every floor: ½ are taken.",
    ]

    /// One sentence a scenario second from 0.5 s, and `tail` quiet seconds before the end.
    init(count: Int, tail: Double) {
        var sentences: [Sentence] = []
        var lines = [#"{"broadcast":{"name":"Chaos — 混沌","transcription_language":"zh-TW","translation_languages":["en-US"],"tts_languages":[],"recognition_mode":"single","phase":"live"}}"#]
        lines.append(#"{"at":0,"event":"phase_changed","data":{"phase":"live","message":"Broadcast has started"}}"#)
        for sid in 1...count {
            let original = "第\(sid)句：" + Self.originals[sid % Self.originals.count]
            let characters = Array(original)
            let partials = [1, 2, 3].map { String(characters.prefix(characters.count * $0 / 4)) }
            let translation = "(\(sid)) " + Self.translations[sid % Self.translations.count]
            sentences.append(Sentence(sid: sid, original: original, partials: partials, translation: translation))
            let at = 0.5 + Double(sid - 1)
            let start = String(format: "%02d:%02d", sid / 60, sid % 60)
            for (index, text) in (partials + [original]).enumerated() {
                lines.append(Self.line(at: at + 0.15 * Double(index), event: "origin", data: [
                    "sid": sid, "text": text, "is_final": index == 3, "language": "zh-TW", "start_time": start,
                ]))
            }
            lines.append(Self.line(at: at + 0.7, event: "translation", data: [
                "sid": sid, "language": "en-US", "text": translation, "is_final": true,
            ]))
        }
        lines.append(Self.line(at: Double(count) + tail, event: "ended", data: ["message": "Broadcast has ended"]))
        self.sentences = sentences
        self.text = lines.joined(separator: "\n") + "\n"
    }

    static func line(at: Double, event: String, data: [String: Any]) -> String {
        let object: [String: Any] = ["at": at, "event": event, "data": data]
        let json = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: json, as: UTF8.self)
    }
}

/// `scripts/chaos-proxy.py` in front of a server: prints its "listening on" line, and on
/// SIGTERM writes its counters to `statsPath`.
final class ChaosProxy: @unchecked Sendable {
    let process = Process()
    let url: String
    let statsPath: String

    struct StartError: Error { var output: String }

    init(target: String, seed: Int, statsPath: String, logPath: String, knobs: [String]) throws {
        self.statsPath = statsPath
        let hostPort = target.replacingOccurrences(of: "http://", with: "")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", BuiltPrograms.package.appendingPathComponent("scripts/chaos-proxy.py").path,
                             "--target", hostPort, "--seed", String(seed), "--port", "0", "--stats", statsPath] + knobs
        let out = Pipe()
        process.standardOutput = out
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let text = firstLine(of: out)
        guard text.hasPrefix("listening on http://127.0.0.1:") else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw StartError(output: text)
        }
        url = String(text.dropFirst("listening on ".count).prefix { !$0.isNewline })
    }

    /// Stops it (SIGTERM) and reads the counters it wrote on the way out. A proxy that does not
    /// stop is killed after 10 s (a hang guard): it has then written no counters, and the test fails.
    func stop() throws -> [String: Any] {
        let process = self.process
        let guardTimer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 10, execute: guardTimer)
        defer { guardTimer.cancel() }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let data = try Data(contentsOf: URL(fileURLWithPath: statsPath))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Runs vas-view to its end with its state and configuration under `folder`, stopped after
/// `timeout` seconds (a hang guard; the caller fails the test when it was needed).
func chaosViewer(_ arguments: [String], folder: TemporaryFolder, timeout: Double) throws -> (run: Run, seconds: Double) {
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "VAS_PASSWORD")
    env.removeValue(forKey: "VAS_SERVER")
    env["XDG_STATE_HOME"] = folder.path("state")
    env["XDG_CONFIG_HOME"] = folder.path("config")
    let started = Date()
    let result = try ProcessRunner.run(Binaries.viewer, arguments, environment: env, timeout: timeout)
    return (Run(status: result.status, stdout: result.text, stderr: result.stderr), Date().timeIntervalSince(started))
}

/// How many seeds each chaos test runs: `VAS_CHAOS_SEEDS` (`make chaos`), else a few.
var chaosSeeds: [Int] {
    let count = ProcessInfo.processInfo.environment["VAS_CHAOS_SEEDS"].flatMap { Int($0) } ?? 3
    return Array(1...max(1, count))
}

/// One line per seed on standard error, so `make chaos` shows the figures.
func chaosReport(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

import Foundation

/// Runs a program to its end for a test: its status, standard output and standard error
/// (read together, so neither pipe can fill and block it).
public enum ProcessRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// `timeout` is a safety net, not a synchronisation: a program that hangs is stopped, and
    /// the test fails on what it printed.
    public static func run(_ program: URL, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
                           timeout: Double = 90) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let guardTimer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: guardTimer)
        defer { guardTimer.cancel() }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let errors = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: output, stderr: String(decoding: errors.data, as: UTF8.self))
    }
}

/// Bytes filled in on another thread, read after it is done.
public final class DataBox: @unchecked Sendable {
    public var data = Data()
    public init() {}
}

import Foundation
import Testing

/// Runs vas-view with a HOME whose .asoundrc sends ALSA's default device to a file.
struct CapturedAudio {
    let home: URL
    let capture: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("vas-alsa-\(UUID())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        capture = home.appendingPathComponent("captured.raw")
        // truncate false: libout123 opens the device twice (to probe, then to play), and a
        // truncating file would lose the first; each open then writes a numbered file of its own.
        try """
            pcm.!default {
                type file
                slave.pcm "null"
                file "\(capture.path)"
                format "raw"
                truncate false
            }
            """.write(to: home.appendingPathComponent(".asoundrc"), atomically: true, encoding: .utf8)
    }

    /// Every byte ALSA was given, across the numbered files.
    var capturedBytes: Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: home.path)) ?? []
        return files.filter { $0.hasPrefix("captured.raw") }.reduce(0) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: home.appendingPathComponent(name).path)[.size] as? Int) ?? 0
            return total + (size ?? 0)
        }
    }

    func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Binaries.viewer
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                   stderr: String(decoding: errors, as: UTF8.self))
    }
}

@Suite(.timeLimit(.minutes(1))) struct AudioTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/audio")

    @Test func speechReallyGoesOutThroughALSA() throws {
        let audio = try CapturedAudio()
        let files = ["sid1-en.mp3", "sid2-en.mp3"].map { Self.fixtures.appendingPathComponent($0).path }
        let run = try audio.run(["speak"] + files + ["--audio-driver", "alsa"])
        #expect(run.status == 0, "\(run.stderr)")
        // "decoded N bytes ..., played N bytes" per file.
        let decoded = run.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: "decoded ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(decoded.count == 2)
        #expect(decoded.allSatisfy { $0 > 100_000 })
        #expect(audio.capturedBytes == decoded.reduce(0, +))
    }

    @Test func noSoundDeviceIsOneClearNotice() throws {
        let audio = try CapturedAudio()
        let run = try audio.run(["speak", Self.fixtures.appendingPathComponent("sid1-en.mp3").path,
                                 "--audio-driver", "alsa", "--audio-device", "no-such-device"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("audio unavailable"))
        #expect(run.stderr.contains("subtitles are not affected"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }
}

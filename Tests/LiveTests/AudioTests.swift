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
            return total + size
        }
    }

    /// The environment that sends vas-view's sound to the capture file.
    var environment: [String: String] { ["HOME": home.path] }

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

@Suite(.timeLimit(.minutes(liveTimeLimit))) struct AudioTests {
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
        #expect(run.stderr.contains("audio unavailable: no sound output could be opened (alsa device 'no-such-device': libout123 says"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    /// Decoded PCM bytes of fixture files, as `vas-view speak` reports them (through a discarding device).
    func decodedBytes(_ names: [String]) throws -> [Int] {
        let audio = try CapturedAudio()
        let run = try audio.run(["speak"] + names.map { Self.fixtures.appendingPathComponent($0).path } + ["--audio-driver", "alsa"])
        return run.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: "decoded ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
    }

    /// A live broadcast whose spoken translation has two good sentences around three broken ones.
    func speakingScenario() throws -> String {
        func base64(_ name: String) throws -> String {
            try Data(contentsOf: Self.fixtures.appendingPathComponent(name)).base64EncodedString()
        }
        func tts(_ at: Double, _ sid: Int, _ audio: String, _ duration: Int) -> String {
            #"{"at":\#(at),"event":"tts_ready","data":{"sid":\#(sid),"language":"en-US","text":"Sentence \#(sid).","audio":"\#(audio)","format":"mp3","duration_ms":\#(duration)}}"#
        }
        var lines = [#"{"broadcast":{"name":"Spoken","recognition_mode":"single","phase":"live","translation_languages":["en-US"],"tts_languages":["en-US"]}}"#]
        for sid in 1...5 {
            lines.append(#"{"at":0.\#(sid),"event":"origin","data":{"sid":\#(sid),"text":"句子\#(sid)。","is_final":true,"language":"zh-TW","start_time":"00:0\#(sid)"}}"#)
            lines.append(#"{"at":0.\#(sid),"event":"translation","data":{"sid":\#(sid),"language":"en-US","text":"Sentence \#(sid).","is_final":true}}"#)
        }
        lines.append(tts(0.6, 1, try base64("sid1-en.mp3"), 3400))
        lines.append(tts(0.7, 2, "%%% not base64 %%%", 500))
        lines.append(tts(0.8, 3, Data(repeating: 0x55, count: 2000).base64EncodedString(), 500))
        lines.append(tts(0.9, 4, "", 500))
        lines.append(tts(1.0, 5, try base64("sid2-en.mp3"), 3300))
        lines.append(#"{"at":1.0,"event":"ended","data":{"message":"Broadcast has ended"}}"#)
        return try scenarioFile(lines.joined(separator: "\n") + "\n")
    }

    @Test func plainModeSpeaksTheTranslationToTheEndAndSkipsBrokenAudio() throws {
        let expected = try decodedBytes(["sid1-en.mp3", "sid2-en.mp3"])
        try #require(expected.count == 2)
        let simulator = try Simulator(["--scenario", try speakingScenario()])
        let audio = try CapturedAudio()
        let run = try viewer(["a3f9", "--plain", "--lang", "en-US", "--tts", "--audio-driver", "alsa"],
                             against: simulator, environment: audio.environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.transcript.count == 10)  // every sentence printed, spoken or not
        // The broadcast ended long before the speech did: plain mode finished saying it.
        #expect(audio.capturedBytes == expected.reduce(0, +))
        let notices = run.stderr.split(separator: "\n").map(String.init)
        #expect(notices.count == 5, "\(run.stderr)")
        // Plain mode says that it waits for the queue, and on leaving where the journal is.
        #expect(notices.contains { $0.contains("still queued (at most 10 s; Ctrl-C stops)") })
        #expect(notices.last?.contains("the transcript is kept in ") == true)
        #expect(notices.contains { $0.contains("sentence 2") && $0.contains("base64") })
        #expect(notices.contains { $0.contains("sentence 3") && $0.contains("could not be decoded") })
        #expect(notices.contains { $0.contains("sentence 4") && $0.contains("empty") })
    }

    @Test func withoutASoundDeviceSubtitlesContinueWithOneNotice() throws {
        let simulator = try Simulator(["--scenario", try speakingScenario()])
        let audio = try CapturedAudio()
        let run = try viewer(["a3f9", "--plain", "--lang", "en-US", "--tts", "--audio-driver", "alsa", "--audio-device", "no-such-device"],
                             against: simulator, environment: audio.environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.transcript.count == 10)
        let unavailable = run.stderr.split(separator: "\n").filter { $0.contains("audio unavailable") }
        #expect(unavailable.count == 1, "\(run.stderr)")
        #expect(unavailable.first?.hasSuffix("— subtitles continue") == true)
        #expect(audio.capturedBytes == 0)
    }

    @Test func theWAVCopyHoldsWhatWasPlayed() throws {
        let simulator = try Simulator(["--scenario", try speakingScenario()])
        let audio = try CapturedAudio()
        let wav = audio.home.appendingPathComponent("spoken.wav")
        let run = try viewer(["a3f9", "--plain", "--lang", "en-US", "--tts", "--audio-driver", "alsa", "--tts-wav", wav.path],
                             against: simulator, environment: audio.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: wav)
        #expect(String(decoding: data.prefix(4), as: UTF8.self) == "RIFF")
        #expect(data.count - 44 == audio.capturedBytes)
        #expect(audio.capturedBytes > 200_000)
    }

    /// A live broadcast with speech in one of its two languages.
    func spokenScenario(ttsLanguages: String = #"["en-US"]"#, extra: [String] = []) throws -> String {
        let audio = try Data(contentsOf: AudioTests.fixtures.appendingPathComponent("sid1-en.mp3")).base64EncodedString()
        let lines = [
            #"{"broadcast":{"name":"Spoken","recognition_mode":"single","phase":"live","translation_languages":["en-US","ja-JP"],"tts_languages":\#(ttsLanguages)}}"#,
            #"{"at":0.1,"event":"origin","data":{"sid":1,"text":"大家好。","is_final":true,"language":"zh-TW","start_time":"00:01"}}"#,
            #"{"at":0.2,"event":"translation","data":{"sid":1,"language":"en-US","text":"Hello everyone.","is_final":true}}"#,
            #"{"at":0.2,"event":"translation","data":{"sid":1,"language":"ja-JP","text":"皆さん。","is_final":true}}"#,
            #"{"at":0.3,"event":"tts_ready","data":{"sid":1,"language":"en-US","text":"Hello everyone.","audio":"\#(audio)","format":"mp3","duration_ms":3400}}"#,
        ] + extra + [#"{"at":1.5,"event":"ended","data":{"message":"Broadcast has ended"}}"#]
        return try scenarioFile(lines.joined(separator: "\n") + "\n")
    }

    /// Issue "Nothing silent", A.1: `--tts` without `--lang` (and `tts = true` in config.toml) asks for speech in the language shown.
    @Test func speechWithoutALanguageIsHeard() throws {
        let expected = try AudioTests().decodedBytes(["sid1-en.mp3"]).reduce(0, +)
        try #require(expected > 100_000)
        let fromFlag = try CapturedAudio()
        let sim = try Simulator(["--scenario", try spokenScenario()])
        let run = try viewer(["a3f9", "--plain", "--tts", "--audio-driver", "alsa"], against: sim, environment: fromFlag.environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(fromFlag.capturedBytes == expected)
        #expect(run.stdout.contains("lang=en-US&tts=true"))

        let fromConfig = try CapturedAudio()
        let config = fromConfig.home.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: config.appendingPathComponent("vas-view"), withIntermediateDirectories: true)
        try "tts = true\naudio_driver = \"alsa\"\n".write(to: config.appendingPathComponent("vas-view/config.toml"), atomically: true, encoding: .utf8)
        let sim2 = try Simulator(["--scenario", try spokenScenario()])
        let configured = try viewer(["a3f9", "--plain"], against: sim2, environment: ["HOME": fromConfig.home.path, "XDG_CONFIG_HOME": config.path])
        #expect(configured.status == 0, "\(configured.stderr)")
        #expect(fromConfig.capturedBytes == expected)
    }

    /// Issue "Nothing silent", A.2: `tts_languages: []` means no speech: said once (a reconnection does not say it again), speech off.
    @Test func aBroadcastWithoutSpeechSaysSoOnce() throws {
        let sim = try Simulator(["--scenario", try spokenScenario(ttsLanguages: "[]", extra: [#"{"at":0.6,"control":"drop"}"#])])
        let audio = try CapturedAudio()
        let run = try viewer(["a3f9", "--plain", "--lang", "en-US", "--tts", "--audio-driver", "alsa"], against: sim, environment: audio.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let said = run.stdout.split(separator: "\n").filter { $0.contains("no spoken translation") }
        #expect(said == ["# this broadcast has no spoken translation"])
        #expect(try sim.stats()["connections"] == 2)
        #expect(audio.capturedBytes == 0)
    }

    /// Found by a new user: --tts-wav wrote nothing on a machine without sound, and said nothing.
    @Test func theWAVCopyIsKeptWithoutASoundDevice() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sim = try Simulator(["--scenario", try spokenScenario()])
        let audio = try CapturedAudio()
        let run = try viewer(["a3f9", "--plain", "--lang", "en-US", "--tts", "--audio-driver", "alsa", "--audio-device", "no-such-device",
                              "--tts-wav", folder.path("said.wav")], against: sim, environment: audio.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let wav = try Data(contentsOf: URL(fileURLWithPath: folder.path("said.wav")))
        #expect(wav.count - 44 == (try AudioTests().decodedBytes(["sid1-en.mp3"]).reduce(0, +)))
        #expect(run.stderr.contains("what is said still goes to \(folder.path("said.wav"))"))
        #expect(audio.capturedBytes == 0)
    }

    /// Found by a second try-out: --tts-wav on a broadcast with no speech made no file and said nothing.
    @Test func aWAVCopyWithNothingSpokenIsSaid() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sim = try Simulator(["--scenario", try spokenScenario(ttsLanguages: "[]")])
        let audio = try CapturedAudio()
        let run = try viewer(["a3f9", "--plain", "--lang", "en-US", "--tts", "--audio-driver", "alsa", "--tts-wav", folder.path("said.wav")],
                             against: sim, environment: audio.environment)
        #expect(run.status == 0)
        #expect(run.stderr.contains("nothing was spoken, so \(folder.path("said.wav")) was not written"))
    }

    /// Issue "Nothing silent", B.13: --tts-wav without speech is a mistake, not silently ignored.
    @Test func aWAVCopyWithoutSpeechIsAMistake() throws {
        let sim = try Simulator(["--scenario", "short"])
        let run = try viewer(["a3f9", "--tts-wav", "/tmp/vas-never.wav"], against: sim)
        #expect(run.status == 2)
        #expect(run.stderr == "vas-view: --tts-wav keeps what is spoken, and speech is off: add --tts (or tts = true in config.toml).\n")
        #expect(try sim.stats()["info"] == nil)
    }
}

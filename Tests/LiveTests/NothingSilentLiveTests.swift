import Foundation
import Testing

/// The issue "Nothing silent", end to end: the real vas-view against vas-sim.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct NothingSilentLiveTests {
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

    /// A.1: `--tts` without `--lang` (and `tts = true` in config.toml) asks for speech in the language shown.
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

    /// A.2: `tts_languages: []` means no speech: said once (a reconnection does not say it again), speech off.
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

    /// A.4: `kicked` whose data is plain text still removes the viewer (exit 5).
    @Test func aPlainTextKickEndsWithFive() throws {
        let sim = try Simulator(["--scenario", try scenarioFile(#"{"broadcast":{"name":"Strict","phase":"live"}}"# + "\n"
            + #"{"at":0.2,"event":"origin","data":{"sid":1,"text":"你好。","is_final":true}}"# + "\n"
            + #"{"at":0.5,"event":"kicked","data_text":"Removed by the host"}"# + "\n"
            + #"{"at":30,"event":"ended","data":{}}"#)])
        let run = try viewer(["a3f9"], against: sim)
        #expect(run.status == 5)
        #expect(run.stdout.contains("# the host removed you from this broadcast (Removed by the host)"))
    }

    /// B.4: a server that never answered is given up on with one sentence, exit 1.
    @Test func anUnreachableServerIsGivenUpOn() throws {
        let state = try TemporaryFolder()
        defer { state.remove() }
        // Port 9 on loopback (discard): nothing listens, the connection is refused at once.
        let run = try runViewer(["a3f9", "--server", "http://127.0.0.1:9", "--backoff-initial", "0.1", "--backoff-cap", "0.5"],
                                environment: ["XDG_STATE_HOME": state.path("")])
        #expect(run.status == 1)
        let last = run.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("vas-view: cannot reach http://127.0.0.1:9: "))
        #expect(last.hasSuffix("Check the address (--server) and your network"))
        #expect(run.stdout.contains("# cannot reach http://127.0.0.1:9 ("))
        #expect(!run.stdout.contains("connection lost"))  // there never was a connection
        // B.12: and nothing is left behind.
        #expect(state.journals(of: "a3f9").isEmpty)
    }

    /// B.6: a missing --password-file is said before the server is asked anything.
    @Test func aMissingPasswordFileIsSaidBeforeConnecting() throws {
        let sim = try Simulator(["--scenario", "password"])
        let run = try viewer(["a3f9", "--password-file", "/nonexistent/pw.txt"], against: sim)
        #expect(run.status == 2)
        #expect(run.stderr == "vas-view: cannot read the --password-file '/nonexistent/pw.txt': there is no such file. See 'vas-view --help'.\n")
        #expect(try sim.stats()["info"] == nil)
    }

    /// B.10: a file that is not a journal or a recording is refused with one sentence.
    @Test func wrongFilesAreRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try "[00:01] 大家好\n  → Hello\n".write(toFile: folder.path("talk.txt"), atomically: true, encoding: .utf8)
        try "1\n00:00:01,000 --> 00:00:04,000\nHello\n\n".write(toFile: folder.path("talk.srt"), atomically: true, encoding: .utf8)
        for (arguments, says) in [(["export", folder.path("talk.txt")], "is neither an autosave journal nor a recording"),
                                  (["replay", folder.path("talk.srt"), "--instant"], "is not a vas-view recording"),
                                  (["events", folder.path("talk.txt")], "is not an event stream"),
                                  (["export", folder.path("talk.srt"), "-o", folder.path("out.vtt")], "is neither an autosave journal nor a recording")] {
            let run = try runViewer(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(says), "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("out.vtt")))
        // A subtitle language the transcript lacks: exit 2, listing what it has.
        let recording = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/demo-broadcast.sse").path
        let french = try runViewer(["export", recording, "--format", "srt", "--subtitle-lang", "fr-FR"])
        #expect(french.status == 2)
        #expect(french.stderr == "vas-view: --subtitle-lang fr-FR: the transcript has no such translation; it has: en-US, ja-JP.\n")
    }

    /// B.12: the journal is made only once the broadcast is known, and said only then.
    @Test func aMistypedTokenLeavesNothingBehind() throws {
        let state = try TemporaryFolder()
        defer { state.remove() }
        let sim = try Simulator(["--scenario", "short"])
        let wrong = try viewer(["zz99"], against: sim, environment: ["XDG_STATE_HOME": state.path("")])
        #expect(wrong.status == 4)
        #expect(!wrong.stdout.contains("autosaving"))
        #expect(state.journals(of: "zz99").isEmpty)
        #expect(state.journals.isEmpty)
        let right = try viewer(["a3f9"], against: sim, environment: ["XDG_STATE_HOME": state.path("")])
        #expect(right.status == 0)
        let lines = right.stdout.split(separator: "\n").map(String.init)
        let broadcast = try #require(lines.firstIndex { $0.hasPrefix("# broadcast: ") })
        let autosaving = try #require(lines.firstIndex { $0.hasPrefix("# autosaving to ") })
        #expect(autosaving > broadcast)
        #expect(state.journals(of: "a3f9").count == 1)
    }

    /// Found by a new user: a folder, an empty password file, a negative number, a save onto a folder.
    @Test func moreWrongInputIsSaidInOneSentence() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for command in ["export", "replay", "events"] {
            let run = try runViewer([command, folder.path("")])
            #expect(run.status == 2, "\(command)")
            #expect(run.stderr == "vas-view: '\(folder.path(""))' is a folder: give a file in it.\n", "\(command)")
        }
        try "".write(toFile: folder.path("empty-pw"), atomically: true, encoding: .utf8)
        let empty = try runViewer(["a3f9", "--password-file", folder.path("empty-pw")])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("the --password-file '\(folder.path("empty-pw"))' is empty: its first line is the password."))
        let negative = try runViewer(["a3f9", "--tts", "--tts-max-lag", "-3"])
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--tts-max-lag must be a number of seconds, more than 0 and at most 600"))
        let ontoFolder = try runViewer(["a3f9", "--save", folder.path("")])
        #expect(ontoFolder.status == 2)
        #expect(ontoFolder.stderr.contains("it is a folder"))
        try "hello\n".write(toFile: folder.path("notes.txt"), atomically: true, encoding: .utf8)
        let export = try runViewer(["export", folder.path("notes.txt")])
        #expect(export.stderr.contains("is neither an autosave journal nor a recording"))
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

    /// Three wrong passwords: nothing was watched, so no journal is left behind.
    @Test func wrongPasswordsLeaveNoJournal() throws {
        let state = try TemporaryFolder()
        defer { state.remove() }
        let sim = try Simulator(["--scenario", "password"])
        let run = try viewer(["a3f9", "--password-stdin"], against: sim, stdin: "a\nb\nc\n", environment: ["XDG_STATE_HOME": state.path("")])
        #expect(run.status == 3)
        #expect(state.journals.isEmpty)
        #expect(!run.stderr.contains("kept in"))
    }

    /// Found by a second try-out: with standard error a closed pipe the viewer crashed (SIGILL).
    @Test func aClosedStandardErrorIsNoCrash() throws {
        let sim = try Simulator(["--scenario", "short", "--status", "ended"])
        let process = Process()
        process.executableURL = Binaries.viewer
        process.arguments = ["a3f9", "--server", sim.url]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("vas-state-\(UUID())").path
        process.environment = environment
        let closed = Pipe()
        try closed.fileHandleForReading.close()
        process.standardError = closed
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 4)
    }

    /// Found by a second try-out: a broadcast that ended while the viewer was away (here: its
    /// connection stalled, and the end never reached it) ended plain mode without a word, exit 4.
    @Test func anEndingMissedWhileAwayIsSaid() throws {
        let sim = try Simulator(["--scenario", try scenarioFile(#"{"broadcast":{"name":"Short","phase":"live"}}"# + "\n"
            + #"{"at":0.2,"event":"origin","data":{"sid":1,"text":"你好。","is_final":true}}"# + "\n"
            + #"{"at":0.5,"control":"stall","seconds":30}"# + "\n"
            + #"{"at":0.8,"event":"ended","data":{"message":"Broadcast has ended"}}"#)])
        let run = try viewer(["a3f9"], against: sim)
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("# the broadcast has ended (Broadcast session ended)\n"))
        // The stall is said (standard output is not a terminal: on standard error too), then where the journal is.
        let said = run.stderr.split(separator: "\n")
        #expect(said.dropLast().allSatisfy { $0.hasPrefix("vas-view: warning: ") }, "\(run.stderr)")
        #expect(said.last?.hasPrefix("vas-view: the transcript is kept in ") == true, "\(run.stderr)")
    }

    /// Found by a second try-out: an explicit --log-file made missing folders without a word.
    @Test func aLogFileThatCannotBeWrittenIsSaid() throws {
        let run = try runViewer(["a3f9", "--log-file", "/nonexistent-vas/dir/log"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot write the log file '/nonexistent-vas/dir/log' (command line --log-file): the folder '/nonexistent-vas/dir' does not exist."))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-vas"))
    }

    /// Found by a second try-out: replay of a language the recording lacks; export of one broadcast alone.
    @Test func replayLanguageAndOneRecordingAlone() throws {
        let recording = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/demo-broadcast.sse").path
        let french = try runViewer(["replay", recording, "--instant", "--lang", "fr"])
        #expect(french.status == 2)
        #expect(french.stderr == "vas-view: the recording has no 'fr' translation; it has: en-US, ja-JP.\n")
        #expect(french.stdout.isEmpty)
        let state = try TemporaryFolder()
        defer { state.remove() }
        for scenario in ["short", "hostile"] {
            let sim = try Simulator(["--scenario", scenario])
            _ = try viewer(["a3f9", "--lang", "en-US"], against: sim, environment: ["XDG_STATE_HOME": state.path("")])
        }
        let journal = try #require(state.journals(of: "a3f9").first)
        let second = try runViewer(["export", journal, "--recording", "2", "--format", "srt"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Still here.") && !second.stdout.contains("Hello everyone, welcome."))
        let first = try runViewer(["export", journal, "--recording", "1"])
        #expect(first.stdout.contains("Hello everyone, welcome.") && !first.stdout.contains("still here"))
        let none = try runViewer(["export", journal, "--recording", "3"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("there is no recording 3: '\(journal)' holds 2 recordings."))
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

    /// B.13: --tts-wav without speech is a mistake, not silently ignored.
    @Test func aWAVCopyWithoutSpeechIsAMistake() throws {
        let sim = try Simulator(["--scenario", "short"])
        let run = try viewer(["a3f9", "--tts-wav", "/tmp/vas-never.wav"], against: sim)
        #expect(run.status == 2)
        #expect(run.stderr == "vas-view: --tts-wav keeps what is spoken, and speech is off: add --tts (or tts = true in config.toml).\n")
        #expect(try sim.stats()["info"] == nil)
    }
}


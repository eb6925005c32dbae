import Foundation
import Testing

/// Every flow of the live-connection issue, with the real binaries over loopback.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct LiveFlowTests {
    @Test func publicBroadcastEndsWithExitZeroAndIsSaved() throws {
        let sim = try Simulator(["--scenario", "short"])
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("vas-live-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let run = try viewer(["a3f9", "--lang", "en-US", "--save", saved], against: sim)
        #expect(run.status == 0)
        #expect(run.transcript == shortTranscript)
        #expect(run.stdout.contains("# broadcast: Short talk"))
        #expect(run.stdout.hasSuffix("# the broadcast has ended\n"))
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saved))) as? [String: Any]
        #expect((document?["sentences"] as? [Any])?.count == 3)
    }

    @Test func languageIsCheckedAgainstTheBroadcast() throws {
        let sim = try Simulator(["--scenario", "short"])
        let run = try viewer(["a3f9", "--lang", "fr-FR"], against: sim)
        #expect(run.status == 2)
        #expect(run.stderr.contains("this broadcast has no 'fr-FR' translation; it offers: en-US, ja-JP"))
        // A primary subtag is enough.
        let japanese = try viewer(["a3f9", "--lang", "ja"], against: sim)
        #expect(japanese.status == 0)
        #expect(japanese.transcript.contains("  → 皆さん、ようこそ。"))
    }

    @Test func passwordFromStandardInput() throws {
        let sim = try Simulator(["--scenario", "password"])
        let run = try viewer(["a3f9", "--lang", "en-US", "--password-stdin"], against: sim, stdin: "open sesame\nnew sesame\n")
        #expect(run.status == 0)
        #expect(Array(run.transcript.prefix(6)) == shortTranscript)
        // pass_code_changed: the viewer asked again, verified the new password, and went on.
        #expect(run.stdout.contains("# the host changed the password"))
        #expect(run.transcript.contains("  → We go on after the password change."))
        #expect(try sim.stats()["verify"] == 2)
    }

    @Test func wrongPasswordThreeTimesExitsThree() throws {
        let sim = try Simulator(["--scenario", "password"])
        let run = try viewer(["a3f9", "--password-stdin"], against: sim, stdin: "one\ntwo\nthree\nopen sesame\n")
        #expect(run.status == 3)
        #expect(run.stderr.contains("wrong password (2 tries left)"))
        #expect(run.stderr.contains("the password was wrong 3 times"))
        #expect(try sim.stats()["verify_rejected"] == 3)
        #expect(run.transcript.isEmpty)
    }

    @Test func passwordFromAFile() throws {
        let sim = try Simulator(["--scenario", "password"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vas-pw-\(UUID())").path
        try "open sesame\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try viewer(["a3f9", "--lang", "en-US", "--password-file", file], against: sim)
        // The file still holds the old password when the host changes it: a clear failure, code 3.
        #expect(Array(run.transcript.prefix(6)) == shortTranscript)
        #expect(run.status == 3)
        #expect(run.stderr.contains("the host changed the broadcast's password, so the password in \(file) no longer opens it"))
        // A fixed password is not tried again: no "tries left" to count down.
        #expect(!run.stderr.contains("tries left"))
    }

    @Test func passwordFromTheEnvironment() throws {
        let sim = try Simulator(["--scenario", "password"])
        let run = try viewer(["a3f9", "--lang", "en-US"], against: sim, environment: ["VAS_PASSWORD": "open sesame"])
        #expect(Array(run.transcript.prefix(6)) == shortTranscript)
        #expect(try sim.stats()["verify"] ?? 0 >= 1)
    }

    @Test func noPasswordAndNoTerminalExitsThree() throws {
        let sim = try Simulator(["--scenario", "password"])
        let run = try viewer(["a3f9"], against: sim)
        #expect(run.status == 3)
        #expect(run.stderr.contains("this broadcast needs a password"))
    }

    @Test func queueThenAdmitted() throws {
        let sim = try Simulator(["--scenario", "queue"])
        let run = try viewer(["a3f9", "--lang", "en-US"], against: sim)
        #expect(run.status == 0)
        let queue = run.stdout.split(separator: "\n").filter { $0.hasPrefix("# in the queue") || $0.hasPrefix("# admitted") }
        #expect(queue == ["# in the queue: position 3 (About 3 minutes)", "# in the queue: position 2 (About 2 minutes)",
                          "# in the queue: position 1 (Less than a minute)", "# admitted: Entered the live stream"])
        #expect(run.transcript == shortTranscript)
    }

    @Test func fullThen503ThenAdmitted() throws {
        let sim = try Simulator(["--scenario", "queue", "--reject-when-full"])
        let run = try viewer(["a3f9", "--lang", "en-US"], against: sim)
        #expect(run.status == 0)
        #expect(run.stdout.contains("# waiting: the broadcast is full; waiting for a place"))
        #expect(try sim.stats()["rejected_full"] ?? 0 >= 1)
        #expect(run.transcript == shortTranscript)
    }

    @Test func notStartedThenStarted() throws {
        let sim = try Simulator(["--scenario", "short", "--not-started-for", "1.2"])
        let run = try viewer(["a3f9", "--lang", "en-US"], against: sim)
        #expect(run.status == 0)
        #expect(run.stdout.contains("# waiting: the broadcast has not started yet"))
        #expect(run.transcript == shortTranscript)
    }

    @Test func dropMidEventAndStallReconnectWithoutDuplicates() throws {
        let sim = try Simulator(["--scenario", "flaky", "--heartbeat", "0.5"])
        let raw = FileManager.default.temporaryDirectory.appendingPathComponent("vas-raw-\(UUID()).sse").path
        defer { try? FileManager.default.removeItem(atPath: raw) }
        let run = try viewer(["a3f9", "--lang", "en-US", "--silence-timeout", "2", "--record-raw", raw], against: sim)
        #expect(run.status == 0)
        // The server sends earlier sentences again on every connection: each is shown once.
        #expect(run.transcript == shortTranscript + [
            "[00:12] 重新連線之後。", "  → After reconnecting.",
            "[00:16] 停頓之後。", "  → After the stall.",
            "[00:20] 最後一句。", "  → The last sentence.",
        ])
        #expect(run.stdout.contains("# connection lost: the server closed the connection"))
        #expect(run.stdout.contains("# connection lost: no data from the server for 2 s"))
        #expect(try sim.stats()["connections"] == 4)
        // The recording replays to the same transcript (the half event is not glued to the next connection).
        let replay = Process()
        replay.executableURL = Binaries.viewer
        replay.arguments = ["replay", raw, "--instant", "--lang", "en-US"]
        let out = Pipe()
        replay.standardOutput = out
        replay.standardError = FileHandle.nullDevice
        try replay.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        replay.waitUntilExit()
        #expect(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init) == run.transcript)
    }

    @Test func accessTypeChangedReconnectsAndRereadsTheInfo() throws {
        let path = try scenarioFile(#"{"broadcast":{"name":"Opens and closes","phase":"live"}}"# + "\n"
            + #"{"at":0.2,"event":"origin","data":{"sid":1,"text":"公開的。","is_final":true,"start_time":"00:01"}}"# + "\n"
            + #"{"at":0.3,"event":"translation","data":{"sid":1,"language":"en-US","text":"Public.","is_final":true}}"# + "\n"
            + #"{"at":0.8,"control":"access","password":"pw"}"# + "\n"
            + #"{"at":1.8,"event":"origin","data":{"sid":2,"text":"要密碼了。","is_final":true,"start_time":"00:05"}}"# + "\n"
            + #"{"at":1.9,"event":"translation","data":{"sid":2,"language":"en-US","text":"Password now.","is_final":true}}"# + "\n"
            + #"{"at":2.5,"event":"ended","data":{"message":"Broadcast has ended"}}"#)
        let sim = try Simulator(["--scenario", path])
        let run = try viewer(["a3f9", "--lang", "en-US", "--password-stdin"], against: sim, stdin: "pw\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("# the host changed who may watch; reconnecting"))
        #expect(run.transcript == ["[00:01] 公開的。", "  → Public.", "[00:05] 要密碼了。", "  → Password now."])
        let stats = try sim.stats()
        #expect(stats["info"] == 2)
        #expect(stats["verify"] == 1)
    }

    @Test func kickedExitsFive() throws {
        let path = try scenarioFile(#"{"broadcast":{"name":"Strict host","phase":"live"}}"# + "\n"
            + #"{"at":0.2,"event":"origin","data":{"sid":1,"text":"你好。","is_final":true}}"# + "\n"
            + #"{"at":0.5,"event":"kicked","data":{"message":"Removed by the host"}}"#)
        let sim = try Simulator(["--scenario", path])
        let run = try viewer(["a3f9"], against: sim)
        #expect(run.status == 5)
        #expect(run.stdout.contains("# the host removed you from this broadcast (Removed by the host)"))
        #expect(run.stderr.contains("the host removed you from this broadcast"))
        #expect(run.transcript == ["你好。"])
    }

    @Test(arguments: [("not-found", "there is no broadcast 'a3f9'"), ("ended", "broadcast 'a3f9' has ended"),
                      ("revoked", "its link was revoked")])
    func unavailableBroadcastsExitFour(status: String, message: String) throws {
        let sim = try Simulator(["--scenario", "short", "--status", status])
        let run = try viewer(["a3f9"], against: sim)
        #expect(run.status == 4)
        #expect(run.stderr.contains(message))
    }

    @Test func unknownTokenExitsFour() throws {
        let sim = try Simulator(["--scenario", "short"])
        let run = try viewer(["zz99"], against: sim)
        #expect(run.status == 4)
        #expect(run.stderr.contains("there is no broadcast 'zz99'"))
    }

    @Test func secretsAppearNowhere() throws {
        let sim = try Simulator(["--scenario", "password"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vas-secrets-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let saved = directory.appendingPathComponent("t.json").path
        let raw = directory.appendingPathComponent("raw.sse").path
        let state = directory.appendingPathComponent("state").path
        let run = try viewer(["a3f9", "--lang", "en-US", "--password-stdin", "--save", saved, "--record-raw", raw],
                             against: sim, stdin: "open sesame\nnew sesame\n", environment: ["XDG_STATE_HOME": state])
        #expect(run.status == 0)
        let tokens = try sim.issuedTokens()
        #expect(tokens.count == 2)
        // Everything vas-view wrote: the saved transcript, the recording, the autosave journal, any log.
        let written = try FileManager.default.subpathsOfDirectory(atPath: state).map { state + "/" + $0 }
            .filter { !$0.hasSuffix("vas-view") }
        #expect(written.contains { $0.hasSuffix(".jsonl") })
        let files = try ([saved, raw] + written).map { try String(contentsOfFile: $0, encoding: .utf8) }
        for text in [run.stdout, run.stderr] + files {
            #expect(!text.contains("sesame"))
            for token in tokens { #expect(!text.contains(token)) }
        }
        #expect(run.stdout.contains("viewer_access_token=REDACTED"))
    }

    @Test func hostileServerCannotReachTheTerminal() throws {
        let sim = try Simulator(["--scenario", "hostile"])
        let run = try viewer(["a3f9", "--lang", "en-US"], against: sim)
        #expect(run.status == 0)
        let bytes = Array(run.stdout.utf8) + Array(run.stderr.utf8)
        #expect(!bytes.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F })
        #expect(!run.stdout.unicodeScalars.contains(where: isForbiddenScalar))
        #expect(!run.stderr.unicodeScalars.contains(where: isForbiddenScalar))
        // The speaker label is cleaned (ESC [31m gone) and kept; a sentence with no speaker has none.
        #expect(run.transcript.contains("[00:01] Mallory: title clear osc52 bidievil end"))
        #expect(run.transcript.contains("[00:05] still here"))
        #expect(run.transcript.contains("[00:07] isolated alone"))
        #expect(run.transcript.contains("  → Isolates alone."))
        #expect(run.stderr.contains("dropped an SSE line of more than"))
        #expect(run.stderr.contains("malformed 'origin' event"))
        #expect(run.stderr.contains("unknown event type 'mystery_event'"))
    }

    /// Issue "Nothing silent", A.4: `kicked` whose data is plain text still removes the viewer (exit 5).
    @Test func aPlainTextKickEndsWithFive() throws {
        let sim = try Simulator(["--scenario", try scenarioFile(#"{"broadcast":{"name":"Strict","phase":"live"}}"# + "\n"
            + #"{"at":0.2,"event":"origin","data":{"sid":1,"text":"你好。","is_final":true}}"# + "\n"
            + #"{"at":0.5,"event":"kicked","data_text":"Removed by the host"}"# + "\n"
            + #"{"at":30,"event":"ended","data":{}}"#)])
        let run = try viewer(["a3f9"], against: sim)
        #expect(run.status == 5)
        #expect(run.stdout.contains("# the host removed you from this broadcast (Removed by the host)"))
    }

    /// Issue "Nothing silent", B.4: a server that never answered is given up on with one sentence, exit 1.
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

    /// Issue "Nothing silent", B.6: a missing --password-file is said before the server is asked anything.
    @Test func aMissingPasswordFileIsSaidBeforeConnecting() throws {
        let sim = try Simulator(["--scenario", "password"])
        let run = try viewer(["a3f9", "--password-file", "/nonexistent/pw.txt"], against: sim)
        #expect(run.status == 2)
        #expect(run.stderr == "vas-view: cannot read the --password-file '/nonexistent/pw.txt': there is no such file. See 'vas-view --help'.\n")
        #expect(try sim.stats()["info"] == nil)
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
}

import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The outputs of a viewing and an export: no file a person has is ever destroyed, and vas-view never says
/// "saved" when it kept nothing. Each test failed on 677434a.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct OutputFilesTests {
    static let subtitles = "1\n00:00:01,000 --> 00:00:04,000\nReal subtitles of an earlier talk.\n"
    /// A port nothing listens on (refused at once).
    static let unreachable = "http://127.0.0.1:9"

    /// The short scenario watched to its end; its journal.
    func watchShort(autosavingIn folder: TemporaryFolder) throws -> String {
        let run = try viewer(["a3f9", "--lang", "en-US"], against: try Simulator(["--scenario", "short"]), environment: ["XDG_STATE_HOME": folder.path("")])
        #expect(run.status == 0)
        return try #require(folder.journals.first)
    }

    func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }

    /// A folder's files besides `except`: a .part left behind would show here.
    func others(in folder: TemporaryFolder, except names: Set<String>) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? []).filter { !names.contains($0) && $0 != "vas-view" }
    }

    @Test(arguments: ["unreachable", "ended", "not-found", "password"])
    func aSaveWithNothingReceivedLeavesTheFileAsItWas(server: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let keep = folder.path("keep.srt")
        try Self.subtitles.write(toFile: keep, atomically: true, encoding: .utf8)
        let run: Run
        switch server {
        case "unreachable":
            run = try runViewer(["a3f9", "--plain", "--save", keep, "--server", Self.unreachable, "--backoff-initial", "0.05", "--backoff-cap", "0.1"])
        case "password":
            // No password can be had (standard input ends at once): nothing is watched.
            run = try viewer(["a3f9", "--plain", "--save", keep, "--password-stdin"], against: try Simulator(["--scenario", "short", "--password", "sesame"]), stdin: "")
        default:
            run = try viewer(["a3f9", "--plain", "--save", keep], against: try Simulator(["--scenario", "short", "--status", server]))
        }
        #expect(run.status != 0)
        #expect(try String(contentsOfFile: keep, encoding: .utf8) == Self.subtitles)
        #expect(run.stderr.contains("nothing was received; \(keep) left as it was"), "\(run.stderr)")
        #expect(run.stderr.contains("\(keep) exists: it will be replaced at the end, if anything is received"))
        #expect(!run.stderr.contains("saved to"))
    }

    @Test func aSaveReplacesAnEarlierFileKeepingItsModeAndMakesNewOnesPrivate() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let keep = folder.path("keep.srt")
        try Self.subtitles.write(toFile: keep, atomically: true, encoding: .utf8)
        chmod(keep, 0o640)
        let replaced = try viewer(["a3f9", "--plain", "--lang", "en-US", "--save", keep], against: try Simulator(["--scenario", "short"]))
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try String(contentsOfFile: keep, encoding: .utf8).contains("Thank you all."))
        #expect(try mode(keep) == 0o640)
        let fresh = folder.path("new.txt")
        let made = try viewer(["a3f9", "--plain", "--save", fresh, "--record-raw", folder.path("new.sse")], against: try Simulator(["--scenario", "short"]))
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try mode(fresh) == 0o600)
        #expect(try mode(folder.path("new.sse")) == 0o600)
        #expect(others(in: folder, except: ["keep.srt", "new.txt", "new.sse"]).isEmpty)
    }

    @Test func aRawRecordingIsNeverTruncatedByAViewingThatReceivedNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let keep = folder.path("keep.sse")
        let recorded = try viewer(["a3f9", "--plain", "--record-raw", keep], against: try Simulator(["--scenario", "short"]))
        #expect(recorded.status == 0)
        let earlier = try Data(contentsOf: URL(fileURLWithPath: keep))
        #expect(earlier.count > 500)
        let run = try runViewer(["a3f9", "--plain", "--record-raw", keep, "--server", Self.unreachable, "--backoff-initial", "0.05", "--backoff-cap", "0.1"])
        #expect(run.status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: keep)) == earlier)
        #expect(run.stderr.contains("nothing was received: \(keep) left as it was"), "\(run.stderr)")
        #expect(!run.stderr.contains("the raw stream is kept"))
        #expect(others(in: folder, except: ["keep.sse"]).isEmpty)
        // And it still replays.
        #expect(try runViewer(["replay", keep, "--instant"]).status == 0)
    }

    @Test func exportNeverWritesOverItsInput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let journal = try watchShort(autosavingIn: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        symlink(journal, folder.path("link.jsonl"))
        link(journal, folder.path("hard.jsonl"))
        let cases: [([String], String?)] = [  // (arguments, standard input)
            (["export", journal, "-o", journal], nil),
            (["export", journal, "-o", folder.path("link.jsonl")], nil),
            (["export", folder.path("hard.jsonl"), "-o", journal], nil),
        ]
        for (arguments, stdin) in cases {
            let run = try runViewer(arguments, stdin: stdin)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains("is the file being read"), "\(arguments): \(run.stderr)")
        }
        // Standard input that is the output file itself (`export - -o J < J`).
        let redirected = try run("/bin/sh", ["-c", "exec \"$0\" export - -o \"$1\" --format txt < \"$1\"", Binaries.viewer.path, journal])
        #expect(redirected.status == 2)
        #expect(redirected.stderr.contains("is the file being read (standard input)"), "\(redirected.stderr)")
        // Nor over any other journal: a journal is never replaced.
        let other = try runViewer(["export", journal, "-o", folder.path("hard.jsonl")])
        #expect(other.status == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
        #expect(try mode(journal) == 0o600)
    }

    @Test func replayNeverSavesOverItsRecording() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let recording = folder.path("talk.sse")
        try FileManager.default.copyItem(atPath: Fixtures.url("demo-broadcast.sse").path, toPath: recording)
        symlink(recording, folder.path("talk.txt"))
        let run = try runViewer(["replay", recording, "--instant", "--save", folder.path("talk.txt")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is the file being read"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: recording)) == Data(contentsOf: Fixtures.url("demo-broadcast.sse")))
    }

    @Test func twoOutputsOfOneViewingAreTwoFiles() throws {
        let run = try runViewer(["a3f9", "--save", "/tmp/same.json", "--record-raw", "/tmp/same.json", "--server", Self.unreachable])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--save and --record-raw name the same file"))
    }

    @Test func exportMakesPrivateFilesAndKeepsTheModeOfOnesItReplaces() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let journal = try watchShort(autosavingIn: folder)
        let made = try runViewer(["export", journal, "-o", folder.path("talk.srt")])
        #expect(made.status == 0)
        #expect(try mode(folder.path("talk.srt")) == 0o600)
        chmod(folder.path("talk.srt"), 0o644)
        #expect(try runViewer(["export", journal, "-o", folder.path("talk.srt")]).status == 0)
        #expect(try mode(folder.path("talk.srt")) == 0o644)
    }

    /// SIGKILL while a long export is being written: the old file is whole, never half.
    @Test func aKillInTheMiddleOfSavingLeavesAWholeFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A journal long enough that writing its export takes a while.
        var text = #"{"format":"vas-view-journal","version":1,"token":"a3f9","server":"http://x","started":"2026-12-06T00:00:00Z"}"# + "\n"
        for sid in 1...60_000 {
            text += #"{"type":"origin","data":"{\"sid\":\#(sid),\"text\":\"第\#(sid)句：大家好，今天的主題是圖書館。\",\"is_final\":true,\"start_time\":\"00:01\"}","at":"2026-12-06T00:00:00Z"}"# + "\n"
        }
        let journal = folder.path("long.jsonl")
        try text.write(toFile: journal, atomically: true, encoding: .utf8)
        let target = folder.path("keep.txt")
        try Self.subtitles.write(toFile: target, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Binaries.viewer
        process.arguments = ["export", journal, "-o", target]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Until the new file is being written beside the target (its part file has bytes), then the plug is pulled.
        var sawPart = false
        while process.isRunning, !sawPart {
            usleep(1_000)  // a look every millisecond, not a guess at how long anything takes
            sawPart = others(in: folder, except: ["long.jsonl", "keep.txt"]).contains { name in
                name.hasSuffix(".part") && ((try? FileManager.default.attributesOfItem(atPath: folder.path(name))[.size] as? NSNumber)?.intValue ?? 0) > 0
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let after = try String(contentsOfFile: target, encoding: .utf8)
        if sawPart, process.terminationReason == .uncaughtSignal {
            #expect(after == Self.subtitles)  // the old file, whole
        } else {
            #expect(after.hasSuffix("第60000句：大家好，今天的主題是圖書館。\n"))  // it finished first: the new one, whole
        }
    }

    /// From a new user's try-out: `vas-view … --save f | head` exited 0 without a word and never wrote f.
    @Test func aClosedStandardOutputStopsTheViewingAndStillSaves() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sim = try Simulator(["--scenario", "demo", "--speed", "2"])
        let process = Process()
        process.executableURL = Binaries.viewer
        process.arguments = ["a3f9", "--plain", "--lang", "en-US", "--save", folder.path("head.srt"), "--server", sim.url]
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_STATE_HOME": folder.path("state")]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var seen = ""
        while seen.components(separatedBy: "  → ").count < 3 {  // two translations printed, as `head` would read them
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        try out.fileHandleForReading.close()  // the reader goes away
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("saved to \(folder.path("head.srt"))"), "\(stderr)")
        let srt = try String(contentsOfFile: folder.path("head.srt"), encoding: .utf8)
        #expect(srt.hasPrefix("1\n"))
        #expect(stderr.contains("the transcript is kept in"))
    }

    @Test func aStandardOutputThatCannotBeWrittenIsSaid() throws {
        let sim = try Simulator(["--scenario", "short"])
        let run = try run("/bin/sh", ["-c", "exec \"$0\" a3f9 --plain --no-autosave --server \"$1\" > /dev/full", Binaries.viewer.path, sim.url])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot write to standard output: No space left on device"), "\(run.stderr)")
    }

    /// From the try-out: a journal on a full disk said "the transcript is kept in …" over an empty file, exit 0.
    @Test func aJournalThatCouldNotBeWrittenIsSaidOnLeaving() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path("vas-view"), withIntermediateDirectories: true)
        let today = KeepingTests.today()
        symlink("/dev/full", folder.path("vas-view/a3f9-\(today).jsonl"))  // a disk that is full
        let run = try viewer(["a3f9", "--plain", "--lang", "en-US"], against: try Simulator(["--scenario", "short"]),
                             environment: ["XDG_STATE_HOME": folder.path("")])
        #expect(run.status == 1)
        #expect(run.stderr.contains("autosave stopped: cannot write"), "\(run.stderr)")
        #expect(run.stderr.contains("is incomplete: cannot write"))
        #expect(!run.stderr.contains("the transcript is kept in"))
    }

    /// From the try-out: Ctrl-C while queued replaced a recording of a talk by one of the queue.
    @Test func aRecordingOfAQueueDoesNotReplaceATalk() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let keep = folder.path("keep.sse")
        #expect(try viewer(["a3f9", "--plain", "--record-raw", keep], against: try Simulator(["--scenario", "short"])).status == 0)
        let talk = try Data(contentsOf: URL(fileURLWithPath: keep))
        // A queue that lasts (the built-in one admits after 3 s: under load the viewer could be
        // admitted, watch the talk to its end and keep it, before the test saw it queued).
        let queue = #"{"broadcast":{"name":"Full","recognition_mode":"single","phase":"live","max_viewers":1}}"# + "\n"
            + #"{"at":0,"control":"phantoms","active":1,"queued":2}"# + "\n" + #"{"at":120,"event":"ended","data":{}}"#
        let sim = try Simulator(["--scenario", try scenarioFile(queue)])
        let status = try interruptViewer(["a3f9", "--plain", "--record-raw", keep, "--server", sim.url], stateHome: folder.path("state"),
                                         after: "# in the queue", with: SIGINT)
        #expect(status == 130)
        #expect(try Data(contentsOf: URL(fileURLWithPath: keep)) == talk)
        #expect(others(in: folder, except: ["keep.sse", "state"]).isEmpty)
    }

    /// From the try-out: an existing file in a folder the user cannot write was accepted, and
    /// failed only at the end (a file is replaced by a new one made beside it).
    @Test func anExistingFileInAFolderThatTakesNoNewFileIsRefusedAtOnce() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path("ro"), withIntermediateDirectories: true)
        try Self.subtitles.write(toFile: folder.path("ro/keep.srt"), atomically: true, encoding: .utf8)
        chmod(folder.url.path, 0o755)
        chmod(folder.path("ro"), 0o755)
        chmod(folder.path("ro/keep.srt"), 0o666)
        // As an unprivileged user (root may write anywhere): setpriv is in util-linux. The program
        // is copied beside the test's files, which that user can reach wherever the checkout is.
        try FileManager.default.copyItem(atPath: Binaries.viewer.path, toPath: folder.path("vas-view"))
        chmod(folder.path("vas-view"), 0o755)
        let run = try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", folder.path("vas-view"),
                                               "a3f9", "--save", folder.path("ro/keep.srt"), "--server", Self.unreachable],
                          environment: ["HOME": folder.url.path, "XDG_STATE_HOME": folder.path("state"), "PATH": "/usr/bin:/bin"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no permission to write in the folder"), "\(run.stderr)")
        #expect(try String(contentsOfFile: folder.path("ro/keep.srt"), encoding: .utf8) == Self.subtitles)
    }

    /// From the second try-out: --save (or --record-raw, --log-file) naming today's journal before
    /// it existed replaced the journal with a transcript at the end.
    @Test func noOutputIsWhereTheJournalGoes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let journal = folder.path("vas-view/a3f9-\(KeepingTests.today()).jsonl")
        try FileManager.default.createDirectory(atPath: folder.path("vas-view"), withIntermediateDirectories: true)  // watched before
        for option in ["--save", "--record-raw", "--log-file"] {
            let run = try runViewer(["a3f9", option, journal, "--server", Self.unreachable], environment: ["XDG_STATE_HOME": folder.path("")])
            #expect(run.status == 2, "\(option)")
            #expect(run.stderr.contains("is where the autosave journal of this broadcast goes today"), "\(option): \(run.stderr)")
        }
        let spelt = try runViewer(["a3f9", "--save", folder.path("c.txt"), "--record-raw", folder.path("./c.txt"), "--server", Self.unreachable])
        #expect(spelt.status == 2)
        #expect(spelt.stderr.contains("name the same file"))
    }
}

/// Two servers with broadcasts of one token on one day (issue "Everyday use", item 4): two
/// journals, the second named after its server, each with its own words.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct JournalPerServerTests {
    static let script = #"{"broadcast":{"name":"One","phase":"live"}}"# + "\n"
        + #"{"at":0.2,"event":"origin","data":{"sid":1,"text":"第一台。","is_final":true,"start_time":"00:01"}}"# + "\n"
        + #"{"at":0.5,"event":"ended","data":{}}"#

    @Test func aSecondServerGetsAJournalOfItsOwn() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vas-state-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let first = try Simulator(["--scenario", try scenarioFile(Self.script)])
        let second = try Simulator(["--scenario", try scenarioFile(Self.script.replacingOccurrences(of: "第一台", with: "第二台"))])
        // Two hosts: the same machine, named two ways (a host is what tells servers apart).
        for server in [first.url, second.url.replacingOccurrences(of: "127.0.0.1", with: "localhost")] {
            let run = try runViewer(["a3f9", "--server", server], environment: ["XDG_STATE_HOME": state])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: state + "/vas-view").filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(names.count == 2, "\(names)")
        let tagged = try #require(names.first { $0.hasSuffix("-localhost.jsonl") }, "\(names)")
        #expect(try String(contentsOfFile: state + "/vas-view/" + tagged, encoding: .utf8).contains("第二台"))
        let plain = try #require(names.first { $0 != tagged })
        #expect(!(try String(contentsOfFile: state + "/vas-view/" + plain, encoding: .utf8).contains("第二台")))
    }
}

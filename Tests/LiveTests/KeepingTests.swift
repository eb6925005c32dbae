import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A folder of the test's own, removed afterwards.
struct TemporaryFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("vas-keep-\(UUID())")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: url) }

    /// The autosave journals under this folder used as XDG_STATE_HOME.
    var journals: [String] {
        let folder = path("vas-view")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".jsonl") }
            .map { folder + "/" + $0 }
    }

    /// The journals of one broadcast (whatever their date: a run may cross midnight).
    func journals(of token: String) -> [String] {
        journals.filter { ($0 as NSString).lastPathComponent.hasPrefix(token + "-") }
    }
}

/// Keeping every word: --save in every format, the autosave journal, `vas-view export`.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct KeepingTests {
    @Test func saveInEveryFormatFromTheExtension() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for format in ["txt", "json", "jsonl", "srt", "vtt"] {
            let sim = try Simulator(["--scenario", "short"])
            let run = try viewer(["a3f9", "--lang", "en-US", "--save", folder.path("talk.\(format)")], against: sim)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let text = try String(contentsOfFile: folder.path("talk.txt"), encoding: .utf8)
        #expect(text.contains("[00:04] 今天的主題是圖書館。\n    en-US: Today's topic is the library.\n"))
        #expect(!text.contains("ja-JP"))  // the text file: the original and the language on screen
        let srt = try String(contentsOfFile: folder.path("talk.srt"), encoding: .utf8)
        #expect(srt.hasPrefix("1\n00:00:01,000 --> 00:00:04,000\nHello everyone, welcome.\n\n2\n00:00:04,000 --> 00:00:08,000\n"))
        #expect(srt.hasSuffix("3\n00:00:08,000 --> 00:00:11,000\nThank you all.\n"))
        let vtt = try String(contentsOfFile: folder.path("talk.vtt"), encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello everyone, welcome.\n"))
        let lines = try String(contentsOfFile: folder.path("talk.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path("talk.json")))) as? [String: Any]
        let sentences = json?["sentences"] as? [[String: Any]]
        #expect(sentences?.count == 3)
        // JSON keeps everything: every language received.
        #expect((sentences?.first?["translations"] as? [String: String])?["ja-JP"] == "皆さん、ようこそ。")
    }

    @Test func aNameWithoutAFormatIsAFullSentenceError() throws {
        let run = try runViewer(["a3f9", "--save", "talk.docx"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot tell the format of 'talk.docx' from its name: end it in .txt, .json, .jsonl, .srt or .vtt, or add --format."))
        #expect(!run.stderr.contains("Usage"))
    }

    @Test func theJournalIsKeptAndExportsToSubtitlesLater() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (run, journal, days) = try watchShortBroadcast(autosavingIn: folder)
        #expect(days.contains { journal.hasSuffix("/a3f9-" + $0 + ".jsonl") })
        #expect(run.stdout.contains("# autosaving to \(journal)"))
        let srt = try runViewer(["export", journal, "--format", "srt", "--bilingual"])
        #expect(srt.status == 0, "\(srt.stderr)")
        #expect(srt.stdout.hasPrefix("1\n00:00:01,000 --> 00:00:04,000\n大家好，歡迎。\nHello everyone, welcome.\n"))
        let japanese = try runViewer(["export", journal, "-o", folder.path("ja.vtt"), "--subtitle-lang", "ja"])
        #expect(japanese.status == 0)
        #expect(try String(contentsOfFile: folder.path("ja.vtt"), encoding: .utf8).contains("\n皆さん、ようこそ。\n"))
        // A second viewing of the same broadcast the same day appends; nothing is lost or doubled.
        let broadcast = try #require(try journalBroadcast(journal))
        let again = try viewer(["a3f9", "--lang", "en-US"], against: try Simulator(["--scenario", "short", "--broadcast-id", broadcast]),
                               environment: ["XDG_STATE_HOME": folder.path("")])
        #expect(again.status == 0)
        #expect(folder.journals.count == 1)
        let text = try runViewer(["export", journal])
        #expect(text.stdout.components(separatedBy: "\n[00:").count - 1 == 3)
        // Another broadcast under the same token (a new simulator run) is kept apart, not merged into it.
        let other = try viewer(["a3f9", "--lang", "en-US"], against: try Simulator(["--scenario", "short"]),
                               environment: ["XDG_STATE_HOME": folder.path("")])
        #expect(other.status == 0)
        let both = try runViewer(["export", journal]).stdout
        #expect(both.components(separatedBy: "\n[00:").count - 1 == 6)
    }

    /// The broadcast id a journal's header names.
    func journalBroadcast(_ journal: String) throws -> String? {
        let first = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        let header = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
        return header?["broadcast"] as? String
    }

    /// A saved file replaces the old one only when complete; a failure names the file and
    /// the reason and leaves nothing behind.
    @Test func savedFilesAreWholeOrNotAtAll() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let journal = try watchShortBroadcast(autosavingIn: folder).journal
        try "an older file".write(toFile: folder.path("talk.srt"), atomically: false, encoding: .utf8)
        let replaced = try runViewer(["export", journal, "-o", folder.path("talk.srt")])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try String(contentsOfFile: folder.path("talk.srt"), encoding: .utf8).hasPrefix("1\n00:00:01,000 --> "))
        let missing = try runViewer(["export", journal, "-o", folder.path("no-such-folder/talk.srt")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot write '\(folder.path("no-such-folder/talk.srt"))': the folder '\(folder.path("no-such-folder"))' does not exist."))
        let full = try runViewer(["export", journal, "-o", "/dev/full", "--format", "srt"])
        #expect(full.status == 1)
        #expect(full.stderr.contains("cannot write '/dev/full': No space left on device."))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path(""))
        #expect(left.sorted() == ["talk.srt", "vas-view"])  // no partial file
        // A pipe or a device is written as it is: there is no file to replace (nor a folder to put one in).
        let piped = try runViewer(["export", journal, "-o", "/dev/stdout", "--format", "srt"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("1\n00:00:01,000 --> "))
    }

    /// `export` reads a journal a chunk at a time: lines cut by chunk boundaries, a last line
    /// without a line break and bad lines anywhere lose nothing that can be read.
    @Test func aLongJournalIsExportedWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var lines = [#"{"format":"vas-view-journal","version":1,"token":"a3f9"}"#]
        for sid in 1...3_000 {
            let data = #"{\"sid\":\#(sid),\"text\":\"第\#(sid)句，一句相當長的話，好讓檔案大過好幾塊。\",\"is_final\":true,\"start_time\":\"\#(String(format: "%02d:%02d", sid / 60 % 60, sid % 60))\"}"#
            lines.append(#"{"type":"origin","data":"\#(data)","at":"2026-11-22T10:00:00Z"}"#)
            if sid % 100 == 0 { lines.append("{damaged line \(sid)") }
        }
        try lines.joined(separator: "\n").write(toFile: folder.path("long.jsonl"), atomically: false, encoding: .utf8)
        let run = try runViewer(["export", folder.path("long.jsonl"), "--format", "jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        let out = run.stdout.split(separator: "\n")
        #expect(out.count == 1 + 3_000)
        #expect(out.last?.contains(#""original":"第3000句，"#) == true)
        #expect(run.stderr.components(separatedBy: "not a journal line").count - 1 == 20)
        #expect(run.stderr.contains("… and 10 more unreadable lines"))
    }

    /// The short scenario watched to its end with the journal under `folder`: the run and the journal.
    /// Watches the short broadcast; the journal, and the days the viewing spanned (the journal
    /// is named after the day it was opened, which may be either side of midnight).
    func watchShortBroadcast(autosavingIn folder: TemporaryFolder) throws -> (run: Run, journal: String, days: Set<String>) {
        let sim = try Simulator(["--scenario", "short"])
        let before = Self.today()
        let run = try viewer(["a3f9", "--lang", "en-US"], against: sim, environment: ["XDG_STATE_HOME": folder.path("")])
        #expect(run.status == 0)
        return (run, try #require(folder.journals.first), [before, Self.today()])
    }

    @Test func noAutosaveKeepsNoJournal() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sim = try Simulator(["--scenario", "short"])
        let run = try viewer(["a3f9", "--lang", "en-US", "--no-autosave"], against: sim, environment: ["XDG_STATE_HOME": folder.path("")])
        #expect(run.status == 0)
        #expect(folder.journals.isEmpty)
        #expect(!run.stdout.contains("autosaving"))
    }

    /// Killed without warning (SIGKILL: no handler runs), the journal still holds every final sentence received.
    @Test func aKilledViewerLosesNothingThatWasFinal() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let scenario = #"{"broadcast":{"name":"Long","recognition_mode":"single","phase":"live"}}"# + "\n" + #"""
            {"at":0.1,"event":"origin","data":{"sid":1,"text":"第一句。","is_final":true,"language":"zh-TW","start_time":"00:01"}}
            {"at":0.2,"event":"translation","data":{"sid":1,"language":"en-US","text":"One.","is_final":true}}
            {"at":0.3,"event":"origin","data":{"sid":2,"text":"第二句。","is_final":true,"language":"zh-TW","start_time":"00:02"}}
            {"at":0.4,"event":"translation","data":{"sid":2,"language":"en-US","text":"Two.","is_final":true}}
            {"at":0.5,"event":"origin","data":{"sid":3,"text":"第三","is_final":false,"language":"zh-TW","start_time":"00:03"}}
            {"at":600,"event":"ended","data":{}}
            """#
        let sim = try Simulator(["--scenario", try scenarioFile(scenario)])
        // Killed once the second translation is printed (the plain printer's own signal that it arrived).
        _ = try interruptViewer(["a3f9", "--lang", "en-US", "--server", sim.url], stateHome: folder.path(""),
                                after: "→ Two.", with: SIGKILL)
        let journal = try #require(folder.journals.first)
        let text = try runViewer(["export", journal, "--subtitle-lang", "en-US"])
        #expect(text.stdout.contains("[00:01] 第一句。\n    en-US: One.\n"))
        #expect(text.stdout.contains("[00:02] 第二句。\n    en-US: Two.\n"))
        #expect(!text.stdout.contains("第三"))  // the sentence still being spoken was not final
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// Issue "Nothing silent", B.12: the journal is made only once the broadcast is known, and said only then.
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
}

/// config.toml: read, overridden by options, and a mistake named by its line.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct ConfigurationTests {
    @Test func theFileSetsTheLanguageAndTheCommandLineWins() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path("vas-view"), withIntermediateDirectories: true)
        try "lang = \"ja-JP\"\nautosave = false\n".write(toFile: folder.path("vas-view/config.toml"), atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": folder.path(""), "XDG_STATE_HOME": folder.path("state")]
        let japanese = try viewer(["a3f9"], against: try Simulator(["--scenario", "short"]), environment: environment)
        #expect(japanese.status == 0)
        #expect(japanese.transcript.contains("  → 皆さん、ようこそ。"))
        #expect(!japanese.stdout.contains("autosaving"))  // autosave = false
        let english = try viewer(["a3f9", "--lang", "en-US", "--autosave"], against: try Simulator(["--scenario", "short"]),
                                 environment: environment)
        #expect(english.transcript == shortTranscript)
        #expect(english.stdout.contains("autosaving"))
        let report = try runViewer(["config", "--lang", "en-US"], environment: environment)
        #expect(report.stdout.contains("lang = \"en-US\""))
        #expect(report.stdout.contains("# command line --lang"))
        #expect(report.stdout.contains("autosave = false"))
        #expect(report.stdout.contains("# \(folder.path("vas-view/config.toml")), line 2"))
    }

    @Test func aBrokenFileIsAClearErrorNamingTheLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path("vas-view"), withIntermediateDirectories: true)
        try "lang = \"en-US\"\ntts = maybe\n".write(toFile: folder.path("vas-view/config.toml"), atomically: true, encoding: .utf8)
        let run = try runViewer(["a3f9"], environment: ["XDG_CONFIG_HOME": folder.path("")])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("vas-view: \(folder.path("vas-view/config.toml")), line 2: this is not valid TOML"))
        #expect(run.stderr.contains("Fix it, or name another file with --config."))
        let missing = try runViewer(["config", "--config", folder.path("nope.toml")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("there is no configuration file"))
    }
}

/// The log: where it goes, what it says, what it never says.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct LogTests {
    @Test func connectionsReconnectsAndDiagnosticsAreLoggedWithSecretsRedacted() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sim = try Simulator(["--scenario", "password"])
        try FileManager.default.createDirectory(atPath: folder.path("logs"), withIntermediateDirectories: true)
        let log = folder.path("logs/view.log")
        let run = try viewer(["a3f9", "--lang", "en-US", "--password-stdin", "--log-file", log, "-v"], against: sim,
                             stdin: "open sesame\nnew sesame\n")
        #expect(run.status == 0)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.contains("INFO vas-view: vas-view ") == true)
        #expect(lines.filter { $0.contains("session: connecting to ") && $0.contains("viewer_access_token=REDACTED") }.count == 2)
        #expect(text.contains("session: finished: the broadcast has ended"))
        #expect(!text.contains("sesame"))
        for token in try sim.issuedTokens() { #expect(!text.contains(token)) }
        let attributes = try FileManager.default.attributesOfItem(atPath: log)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func parserAndDecoderDiagnosticsReachTheLog() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sim = try Simulator(["--scenario", "hostile"])
        let run = try viewer(["a3f9", "--lang", "en-US"], against: sim, environment: ["XDG_STATE_HOME": folder.path("")])
        #expect(run.status == 0)
        let text = try String(contentsOfFile: folder.path("vas-view/vas-view.log"), encoding: .utf8)
        #expect(text.contains("WARNING vas-view: ignored"))
        #expect(!text.contains("\u{1b}"))  // hostile text is cleaned in the log too
    }

    /// Found by a second try-out: an explicit --log-file made missing folders without a word.
    @Test func aLogFileThatCannotBeWrittenIsSaid() throws {
        let run = try runViewer(["a3f9", "--log-file", "/nonexistent-vas/dir/log"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot write the log file '/nonexistent-vas/dir/log' (command line --log-file): the folder '/nonexistent-vas/dir' does not exist."))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-vas"))
    }
}

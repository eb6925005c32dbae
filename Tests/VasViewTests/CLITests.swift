import Foundation
import Testing
import TestSupport
import BroadcastModel

/// Runs the built `vas-view` (make test builds it first; a stale one is refused, see BuiltPrograms).
enum CLI {
    static func run(_ arguments: [String], stdin: Data? = nil) throws -> ProcessRunner.Result {
        try ProcessRunner.run(BuiltPrograms.viewer, arguments, stdin: stdin)
    }
}

@Suite struct CLITests {
    @Test func replayPrintsTheDemoTranscript() throws {
        let result = try CLI.run(["replay", Fixtures.url("demo-broadcast.sse").path, "--instant", "--lang", "en-US"])
        #expect(result.status == 0)
        let golden = try String(contentsOf: Fixtures.url("demo-broadcast.en-US.txt"), encoding: .utf8)
        #expect(result.text == golden)
        // Standard output is not a terminal: its warning is said where the person looks too.
        #expect(result.stderr == "vas-view: warning llm_content_filtered: Content filtered (sentence 3, ja)\n")
    }

    @Test func replaySavesTheTranscriptAsJSON() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-view-save-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: path) }
        let result = try CLI.run(["replay", Fixtures.url("demo-broadcast.sse").path, "--instant", "--save", path.path])
        #expect(result.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any]
        let sentences = try #require(document?["sentences"] as? [[String: Any]])
        #expect(sentences.map { $0["sid"] as? Int } == [1, 2, 3, 4, 5, 6])
        // After the rename, the reassignment and the merge: 1, 3, 4, 5 are 王經理's.
        #expect(sentences.map { $0["speaker_label"] as? String } == ["王經理", "Guest-2", "王經理", "王經理", "王經理", "Guest-2"])
        #expect((sentences[2]["errors"] as? [String: String]) == ["ja-JP": "Content filtered"])
        #expect((sentences[5]["translations"] as? [String: String])?["en-US"] == "Please fill in the survey before you leave.")
        #expect(sentences.allSatisfy { $0["segment"] as? Int == 0 })
    }

    @Test func hostileTextNeverReachesStandardOutput() throws {
        let stream = """
            event: connected
            data: {"available_langs":["en-US\\u001b]0;t\\u0007"],"phase":"live","recognition_mode":"multi_speaker"}

            event: origin
            data: {"sid":1,"text":"a\\u001b[2J\\u001b]52;c;ZXZpbA==\\u0007b\\u009b31m\\u202ec\\r\\nd","speaker_id":"\\u001b[31mX","start_time":"00:01"}

            event: translation
            data: {"sid":1,"language":"en-US","text":"\\u001b]8;;http://x\\u001b\\\\link\\u001b]8;;\\u001b\\\\ \\u0007\\u007f"}

            event: announcement
            data: {"message":"\\u001bc\\u001b[?1049h"}

            event: origin
            data: {"sid":2,"text":"iso\\u2066late\\u2069d","start_time":"00:02"}


            """
        let result = try CLI.run(["replay", "-", "--instant", "--lang", "en-US"], stdin: Data(stream.utf8))
        #expect(result.status == 0)
        let forbidden: Set<UInt8> = Set(0x00...0x1F).subtracting([0x0A]).union([0x7F])
        #expect(!result.stdout.contains { forbidden.contains($0) })
        #expect(!result.text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
            || (0x2066...0x2069).contains($0.value) })
        #expect(result.text.contains("[00:01] X: abc d"))
        #expect(result.text.contains("[00:02] isolated"))
        #expect(result.text.contains("  → link "))
    }

    @Test func eventsPrintsOneJSONLinePerEventAndTheRetry() throws {
        let stream = "retry: 2500\nid: 7\nevent: origin\ndata: {\"sid\":1}\ndata: x\n\n: hb\ndata: \u{1B}\n\nid\ndata: z\n\ndata: unfinished\n"
        let result = try CLI.run(["events", "-"], stdin: Data(stream.utf8))
        #expect(result.status == 0)
        #expect(result.text == """
            {"type":"origin","data":"{\\"sid\\":1}\\nx","id":"7"}
            {"type":"message","data":"\\u001b","id":"7"}
            {"type":"message","data":"z","id":""}
            {"retry":2500}

            """)
    }

    @Test func eventsReportsADroppedGiantLineAndGoesOn() throws {
        var stream = Data("data: ".utf8)
        stream.append(Data(repeating: 0x41, count: 17 << 20))
        stream.append(Data("\n\ndata: after\n\n".utf8))
        let result = try CLI.run(["events"], stdin: stream)
        #expect(result.status == 0)
        #expect(result.text == "{\"type\":\"message\",\"data\":\"after\",\"id\":\"\"}\n")
        #expect(result.stderr.contains("dropped an SSE line of more than 16777216 bytes"))
    }

    @Test func malformedAndUnknownEventsAreReportedAndSkipped() throws {
        let stream = "event: origin\ndata: {\"sid\":\n\nevent: mystery\ndata: {}\n\nevent: origin\ndata: {\"sid\":2,\"text\":\"ok\"}\n\n"
        let result = try CLI.run(["replay", "-", "--instant"], stdin: Data(stream.utf8))
        #expect(result.status == 0)
        #expect(result.text.contains("ok"))
        #expect(result.stderr.contains("malformed 'origin' event"))
        #expect(result.stderr.contains("unknown event type 'mystery'"))
    }

    @Test func usageMistakesExitTwoWithASentence() throws {
        let token = try CLI.run(["A3F9X"])
        #expect(token.status == 2)
        #expect(token.stderr.contains("four characters, a-z and 0-9"))
        let missing = try CLI.run(["replay", "/no/such/file.sse"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("there is no such file"))
        let speed = try CLI.run(["replay", "x.sse", "--speed", "0"])
        #expect(speed.status == 2)
    }
}

/// Found by a new user: a journal holding three broadcasts became one subtitle file, without a word.
@Suite struct ExportOfManyRecordingsTests {
    @Test func severalRecordingsAreSaidAndOneCanBeTaken() throws {
        let sentence = #"event: origin\#ndata: {"sid":1,"text":"一。","is_final":true,"start_time":"00:01"}\#n\#n"#
            + #"event: translation\#ndata: {"sid":1,"language":"en-US","text":"One.","is_final":true}\#n\#n"#
        let stream = sentence + "event: recording_started\ndata: {}\n\n" + sentence.replacingOccurrences(of: "One.", with: "Again.")
        let all = try CLI.run(["export", "-", "--format", "srt"], stdin: Data(stream.utf8))
        #expect(all.status == 0)
        #expect(all.text.contains("One.") && all.text.contains("Again."))
        #expect(all.stderr == "vas-view: '-' holds 2 recordings (broadcasts watched, or restarted by the host); all are written, one after the other. --recording N writes one alone.\n")
        let second = try CLI.run(["export", "-", "--format", "srt", "--recording", "2"], stdin: Data(stream.utf8))
        #expect(second.status == 0)
        #expect(!second.text.contains("One.") && second.text.contains("Again."))
        #expect(second.stderr.isEmpty)
    }
}

/// Found by a new user: replay printed the whole recording, then refused the --subtitle-lang of
/// its --save, and saved nothing. It is checked first now.
@Suite struct ReplaySaveLanguageTests {
    @Test func aSubtitleLanguageTheRecordingLacksIsRefusedBeforeReplaying() throws {
        let run = try CLI.run(["replay", Fixtures.url("demo-broadcast.sse").path, "--instant", "--save", "/tmp/vas-unused.srt",
                               "--subtitle-lang", "fr-FR"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "vas-view: --subtitle-lang fr-FR: the transcript has no such translation; it has: en-US, ja-JP.\n")
    }
}

/// Found by a second new user: subtitles in a language some sentences lack carried the
/// original for those, without a word.
@Suite struct ExportFallbackTests {
    @Test func cuesWithoutTheTranslationAreCounted() throws {
        let run = try CLI.run(["export", Fixtures.url("demo-broadcast.sse").path, "--format", "srt", "--subtitle-lang", "ja-JP"])
        #expect(run.status == 0)
        #expect(run.stderr == "vas-view: 1 of 6 sentences have no ja-JP translation: the original stands in for them, marked with its language ([zh-TW] …)\n")
        #expect(String(decoding: run.stdout, as: UTF8.self).contains("[zh-TW] "))
        let english = try CLI.run(["export", Fixtures.url("demo-broadcast.sse").path, "--format", "srt", "--subtitle-lang", "en-US"])
        #expect(english.stderr.isEmpty)
    }

    /// `-o -` is standard output, as `-` is standard input on the way in (it wrote a file named "-").
    @Test func aDashIsStandardOutput() throws {
        let run = try CLI.run(["export", Fixtures.url("demo-broadcast.sse").path, "--format", "srt", "--subtitle-lang", "en-US", "-o", "-"])
        #expect(run.status == 0)
        #expect(String(decoding: run.stdout, as: UTF8.self).hasPrefix("1\n00:00:"))
        #expect(!run.stderr.contains("written to"), "\(run.stderr)")
    }
}

@Suite struct TypoCLITests {
    @Test(arguments: [(["exprot", "x"], "'exprot' is not a command or a broadcast token: did you mean vas-view export?"),
                      (["wacth", "a3f9"], "'wacth' is not a command or a broadcast token: did you mean vas-view watch?"),
                      (["version"], "'version' is not a command or a broadcast token: did you mean vas-view --version?")])
    func aMistypedCommandIsNamed(_ arguments: [String], _ said: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(said), "\(result.stderr)")
    }
}

@Suite struct ServerArgumentCLITests {
    @Test func aShareLinkGivenAsTheServerIsNamed() throws {
        let result = try CLI.run(["a3f9", "--server", "http://127.0.0.1:9/broadcast/a3f9", "--no-autosave"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the server (command line --server) is a share link, http://127.0.0.1:9/broadcast/a3f9: the server is http://127.0.0.1:9; give the link as the broadcast instead"), "\(result.stderr)")
    }

    @Test func aLinkWithoutItsSchemeIsNamed() throws {
        let result = try CLI.run(["vas.example.org/broadcast/a3f9"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("'vas.example.org/broadcast/a3f9' looks like a share link without its scheme: give https://vas.example.org/broadcast/a3f9"), "\(result.stderr)")
    }

    @Test func aServerWithoutItsSchemeIsNamed() throws {
        let result = try CLI.run(["a3f9", "--server", "127.0.0.1:8790", "--no-autosave"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("give it with its scheme, https://127.0.0.1:8790 (or http://127.0.0.1:8790 for a plain-HTTP server)"), "\(result.stderr)")
    }
}

/// No option is ignored without a word (issue "Everyday use", item 2).
@Suite struct OptionConflictCLITests {
    let demo = Fixtures.url("demo-broadcast.sse").path

    @Test func replayInstantWithAFormatPrintsThatFormat() throws {
        let result = try CLI.run(["replay", demo, "--instant", "--format", "srt", "--lang", "en-US"])
        #expect(result.status == 0)
        #expect(result.text.hasPrefix("1\n00:00:01,000 --> "), "\(result.text)")
        #expect(!result.text.contains("# "))
        let vtt = try CLI.run(["replay", demo, "--instant", "--format", "vtt"])
        #expect(vtt.text.hasPrefix("WEBVTT\n"))
    }

    @Test func aFileNameAndAFormatThatDisagreeAreRefused() throws {
        let result = try CLI.run(["replay", demo, "--instant", "--save", "/tmp/vas-never-\(UUID()).srt", "--format", "vtt"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("and --format vtt disagree: name the file .vtt, or leave --format out."), "\(result.stderr)")
        let export = try CLI.run(["export", demo, "-o", "/tmp/vas-never-\(UUID()).txt", "--format", "json"])
        #expect(export.status == 2)
        #expect(export.stderr.contains("-o '"), "\(export.stderr)")
    }

    @Test func shapeOptionsWithNothingToShapeSaySo() throws {
        let result = try CLI.run(["replay", demo, "--instant", "--bilingual"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("--subtitle-lang and --bilingual shape what --save or --format writes; without either, they do nothing here."))
    }

    @Test func noColorAndAColourThemeDisagree() throws {
        let result = try CLI.run(["config", "--no-color", "--theme", "colour"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--no-color and --theme colour disagree: give one of them."))
        #expect(try CLI.run(["config", "--no-color", "--theme", "mono"]).status == 0)
        #expect(try CLI.run(["config", "--theme", "color"]).text.contains("theme = \"colour\""))
    }

    @Test func exportSaysAMissingLanguageFirst() throws {
        let result = try CLI.run(["export", demo, "--subtitle-lang", "de-DE"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("vas-view: --subtitle-lang de-DE: the transcript has no such translation"), "\(result.stderr)")
        #expect(!result.stderr.contains("all are written"))
    }

    @Test func insecureOverPlainHTTPSaysItDoesNothing() throws {
        let result = try CLI.run(["a3f9", "--server", "http://127.0.0.1:9", "--insecure", "--plain", "--no-autosave", "--backoff-initial", "0.05", "--backoff-cap", "0.1"])
        #expect(result.stderr.contains("--insecure does nothing for an http:// server"))
        #expect(!result.stderr.contains("NOT verified"))
    }
}

/// Finding old transcripts (issue "Everyday use", item 3): journals listed, and named by file name or token.
@Suite struct JournalsCLITests {
    @Test func journalsAreListedAndExportedByTokenFromAnyFolder() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vas-journals-\(UUID())")
        defer { try? FileManager.default.removeItem(at: state) }
        let folder = state.appendingPathComponent("vas-view")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let start = UTCTime(secondsSince1970: 1_796_544_000)
        let older = [Journal.header(token: "a3f9", server: "https://vas.test", name: "Old talk", date: start),
                     Journal.line(for: .origin(Origin(sid: 1, text: "舊的。", startTime: "00:01")), at: start)!].joined(separator: "\n") + "\n"
        let newer = [Journal.header(token: "a3f9", server: "https://vas.test", name: "New talk", date: start),
                     Journal.line(for: .origin(Origin(sid: 1, text: "新的。", startTime: "00:01")), at: start)!].joined(separator: "\n") + "\n"
        try older.write(to: folder.appendingPathComponent("a3f9-2026-12-05.jsonl"), atomically: true, encoding: .utf8)
        try newer.write(to: folder.appendingPathComponent("a3f9-2026-12-06.jsonl"), atomically: true, encoding: .utf8)
        try "not a journal\n".write(to: folder.appendingPathComponent("other.jsonl"), atomically: true, encoding: .utf8)
        // The older one written last would be newer by time: set the times apart explicitly.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000)], ofItemAtPath: folder.appendingPathComponent("a3f9-2026-12-05.jsonl").path)
        let environment = ["XDG_STATE_HOME": state.path]
        let list = try ProcessRunner.run(BuiltPrograms.viewer, ["journals"], environment: environment)
        #expect(list.status == 0)
        #expect(list.text.hasPrefix("# 2 journals in \(folder.path), the last written first\na3f9-2026-12-06.jsonl\n    New talk (a3f9) on https://vas.test"), "\(list.text)")
        #expect(!list.text.contains("other.jsonl"))
        let byToken = try ProcessRunner.run(BuiltPrograms.viewer, ["export", "a3f9"], environment: environment)
        #expect(byToken.status == 0)
        #expect(byToken.text.contains("新的。"))
        #expect(byToken.stderr.contains("reading \(folder.path)/a3f9-2026-12-06.jsonl"))
        let byName = try ProcessRunner.run(BuiltPrograms.viewer, ["export", "a3f9-2026-12-05.jsonl"], environment: environment)
        #expect(byName.text.contains("舊的。"))
        let none = try ProcessRunner.run(BuiltPrograms.viewer, ["export", "b7c2"], environment: environment)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no journal of that name or token"))
        // replay plays recordings, not journals: given a token, it says what reads the journal.
        let replay = try ProcessRunner.run(BuiltPrograms.viewer, ["replay", "a3f9"], environment: environment)
        #expect(replay.status == 2)
        #expect(replay.stderr.contains("is an autosave journal: replay plays what --record-raw kept, and vas-view export a3f9 turns the journal into text or subtitles."), "\(replay.stderr)")
    }
}

@Suite struct EverydayCLITests {
    let demo = Fixtures.url("demo-broadcast.sse").path

    /// export -o over an existing file says it replaced it, as --save says before it does.
    @Test func exportSaysItReplacedAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-export-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try CLI.run(["export", demo, "-o", path])
        #expect(first.stderr.hasSuffix("vas-view: written to \(path)\n"), "\(first.stderr)")
        let second = try CLI.run(["export", demo, "-o", path])
        #expect(second.stderr.hasSuffix("vas-view: written to \(path), replacing the file that was there\n"), "\(second.stderr)")
    }
}

extension EverydayCLITests {
    /// A token in capitals is told to be lower case, not refused as no token at all.
    @Test func aTokenInCapitalsIsToldItsCase() throws {
        let result = try CLI.run(["A3F9"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("'A3F9' is not a broadcast token: tokens are lower case, give a3f9."), "\(result.stderr)")
    }
}

import Foundation
import Testing
import TestSupport
@testable import BroadcastModel

/// Every event of the recorded demo, decoded.
func demoEvents() throws -> [BroadcastEvent] {
    var decoder = EventStreamDecoder()
    return decoder.feed(try Fixtures.bytes("demo-broadcast.sse")).compactMap { if case .event(let e) = $0 { e } else { nil } }
}

@Suite struct EventJSONTests {
    @Test func whatTheJournalWritesDecodesBackToTheSameEvent() throws {
        var checked = 0
        for event in try demoEvents() {
            guard let (type, data) = EventJSON.encode(event) else { continue }
            guard case .event(let back) = BroadcastEventDecoder.decode(SSEEvent(type: type, data: data)) else {
                Issue.record("\(type) did not decode: \(data)")
                continue
            }
            if case .ttsReady(var tts) = event {
                tts.audio = ""
                tts.format = nil; tts.durationMs = nil; tts.boundaries = []; tts.transcript = nil
                #expect(back == .ttsReady(tts))
            } else if case .connected(var connected) = event {
                connected.phase = nil  // the phase of the moment is not kept
                #expect(back == .connected(connected))
            } else {
                #expect(back == event, "\(type)")
            }
            checked += 1
        }
        #expect(checked > 20)
    }

    @Test func correctionsAndErrorsRoundTripToo() {
        let events: [BroadcastEvent] = [
            .speakerRenamed(SpeakerRenamed(speakerID: "G1", newLabel: "王經理 \"boss\"", affectedSids: [1, 2])),
            .speakerReassigned(SpeakerReassigned(sid: 3, oldSpeakerID: nil, newSpeakerID: "G2", newSpeakerLabel: "Ann")),
            .speakersMerged(SpeakersMerged(sourceSpeakerID: "G3", targetSpeakerID: "G1", targetSpeakerLabel: nil, affectedSids: [])),
            .recordingStarted,
            .error(ServerError(code: "translation_failed", message: "a\\b", severity: .warning, context: "translation",
                               sid: 4, translationLanguage: "ja-JP", details: ["provider": "x"], timestamp: "t")),
            .connected(Connected(availableLanguages: ["en-US"], ttsLanguages: [], phase: nil, recognitionMode: .multiSpeaker)),
        ]
        for event in events {
            let (type, data) = EventJSON.encode(event)!
            #expect(BroadcastEventDecoder.decode(SSEEvent(type: type, data: data)) == .event(event))
        }
        // Partials and audio-only events are not kept.
        #expect(EventJSON.encode(.origin(Origin(sid: 1, text: "a", isFinal: false))) == nil)
        #expect(EventJSON.encode(.translation(Translation(sid: 1, language: "en-US", text: "a", isFinal: false))) == nil)
        #expect(EventJSON.encode(.heartbeat) == nil)
    }
}

@Suite struct JournalTests {
    /// The demo applied live, and the same through a journal: the same transcript.
    @Test func aJournalGivesBackTheTranscriptTheViewerHad() throws {
        var live = Broadcast()
        var lines = [Journal.header(token: "a3f9", server: "http://x/?viewer_access_token=secret", date: UTCTime(secondsSince1970: 0))]
        for event in try demoEvents() {
            live.apply(event)
            if let line = Journal.line(for: event, at: UTCTime(secondsSince1970: 0)) { lines.append(line) }
        }
        let text = lines.joined(separator: "\n") + "\n"
        #expect(!text.contains("secret"))
        #expect(!text.contains("\"audio\":\"/"))  // no MP3 kept
        let read = Journal.read(text)
        #expect(read.problems.isEmpty)
        #expect(read.token == "a3f9")
        let options = ExportOptions(format: .txt, token: "a3f9")
        #expect(TranscriptExport.render(read.model, options) == TranscriptExport.render(live, options))
        #expect(read.model.transcript.allSentences.map(\.sentence) == live.transcript.allSentences.map(\.sentence).filter(\.isFinal))
        for format in [ExportFormat.srt, .json] {
            #expect(TranscriptExport.render(read.model, ExportOptions(format: format)) == TranscriptExport.render(live, ExportOptions(format: format)))
        }
    }

    /// Each recording heading of a text export names the broadcast, the server and when it was
    /// watched (issue "Everyday use", item 4): two broadcasts under one token in one journal.
    @Test func recordingHeadingsNameWhatWasWatched() {
        let first = UTCTime(secondsSince1970: 1_796_544_000)  // 2026-12-06 08:00 UTC
        let second = UTCTime(secondsSince1970: 1_796_544_000 + 7_230)
        let text = [Journal.header(token: "a3f9", server: "https://vas.test", broadcast: "b-1", name: "晨會", date: first),
                    Journal.line(for: .origin(Origin(sid: 1, text: "早安。", startTime: "00:01")), at: first)!,
                    Journal.line(for: .recordingStarted, at: first)!,
                    Journal.line(for: .origin(Origin(sid: 1, text: "第二段。", startTime: "00:01")), at: first)!,
                    Journal.header(token: "a3f9", server: "http://127.0.0.1:8790", broadcast: "b-2", date: second),
                    Journal.line(for: .origin(Origin(sid: 1, text: "午安。", startTime: "00:02")), at: second)!].joined(separator: "\n")
        let export = TranscriptExport.render(Journal.read(text).model, ExportOptions(format: .txt))
        #expect(export.contains("── recording 1: 晨會 (a3f9) on https://vas.test, watched 2026-12-06 08:00 UTC ──"), "\(export)")
        #expect(export.contains("── recording 2: 晨會 (a3f9) on https://vas.test, watched 2026-12-06 08:00 UTC ──"))  // the host's new recording
        #expect(export.contains("── recording 3: broadcast a3f9 on http://127.0.0.1:8790, watched 2026-12-06 10:00 UTC ──"))
    }

    /// What `vas-view journals` says of a journal: the file, the broadcast, how long, how much.
    @Test func aJournalIsSummedUp() {
        let start = UTCTime(secondsSince1970: 1_796_544_000)
        let later = UTCTime(secondsSince1970: 1_796_544_000 + 4_980)
        let text = [Journal.header(token: "a3f9", server: "https://vas.test", broadcast: "b-1", date: start),
                    Journal.line(for: .origin(Origin(sid: 1, text: "早安。", startTime: "00:01")), at: start)!,
                    Journal.header(token: "a3f9", server: "https://vas.test", broadcast: "b-1", name: "晨會", date: start),
                    Journal.line(for: .origin(Origin(sid: 2, text: "再見。", startTime: "01:23")), at: later)!].joined(separator: "\n")
        let summary = Journal.Summary(file: "a3f9-2026-12-06.jsonl", contents: Journal.read(text))
        #expect(summary.description == "a3f9-2026-12-06.jsonl\n    晨會 (a3f9) on https://vas.test, watched 2026-12-06 08:00 UTC, for 1 h 23 min\n    2 sentences in 1 recording")
        #expect(UTCTime(iso8601: "2026-12-06T08:00:00Z") == start)
        #expect(UTCTime(iso8601: "2026-12-06 08:00:00") == nil)
        #expect(UTCTime(iso8601: "2026-13-06T08:00:00Z") == nil)
    }

    /// Two servers sharing a token on one day: the second journal's name says its server.
    @Test func aServerInAJournalsName() {
        #expect(Journal.serverTag("http://127.0.0.1:8790") == "127.0.0.1")
        #expect(Journal.serverTag("https://VAS.example.org") == "vas.example.org")
        #expect(Journal.serverTag("https://vas.example.org:443/base") == "vas.example.org")
        #expect(Journal.serverTag("http://[::1]:8080") == "___1_")
        #expect(Journal.sameJournalServer("http://127.0.0.1:8790", "http://127.0.0.1:9000"))  // a restarted local VAS
        #expect(!Journal.sameJournalServer("https://vas.example.org", "http://localhost:8790"))
        #expect(Journal.server(ofFirstLine: Journal.header(token: "a3f9", server: "https://vas.test", date: .now)) == "https://vas.test")
        #expect(Journal.server(ofFirstLine: "{\"type\":\"origin\",\"data\":\"{}\"}") == nil)
    }

    @Test func badLinesAreNamedAndTheRestIsKept() {
        let origin = Journal.line(for: .origin(Origin(sid: 1, text: "好", startTime: "00:01")), at: .now)!
        let later = Journal.line(for: .origin(Origin(sid: 2, text: "再見", startTime: "00:05")), at: .now)!
        let text = [origin, "{not json", #"{"type":"origin","data":"{\"sid\":\"x\"}"}"#, #"{"type":"nonsense","data":"{}"}"#,
                    #"{"hello":1}"#, "", String(repeating: "[", count: 500), later].joined(separator: "\n")
        let read = Journal.read(text)
        #expect(read.model.transcript.allSentences.map(\.sentence.original) == ["好", "再見"])
        #expect(read.problems.count == 5)
        #expect(read.problems[0].hasPrefix("line 2: not a journal line"))
        #expect(read.problems[1].hasPrefix("line 3: unreadable 'origin' event"))
        #expect(read.problems[2] == "line 4: unknown event type 'nonsense'")
        #expect(read.problems[3] == "line 5: a line without 'type' and 'data'")
    }

    /// Lines cut anywhere by the chunks a file is read in, and a last line without a line
    /// break, read the same as the whole text.
    @Test func aJournalFedInPiecesReadsAsAWhole() {
        let text = [Journal.header(token: "a3f9", server: "https://vas.test", date: .now),
                    Journal.line(for: .origin(Origin(sid: 1, text: "大家好", startTime: "00:01")), at: .now)!,
                    "{broken", "",
                    Journal.line(for: .translation(Translation(sid: 1, language: "en-US", text: "Hello")), at: .now)!,
                    Journal.line(for: .origin(Origin(sid: 2, text: "再見")), at: .now)!].joined(separator: "\n")
        let whole = Journal.read(text)
        #expect(whole.events == 3 && whole.token == "a3f9" && whole.problems.count == 1)
        let bytes = Array(text.utf8)
        for size in [1, 2, 3, 7, 64] {
            var reader = Journal.Reader()
            var offset = 0
            while offset < bytes.count {
                reader.feed(bytes[offset..<min(bytes.count, offset + size)])
                offset += size
            }
            reader.finish()
            #expect(reader.contents.model == whole.model, "chunks of \(size)")
            #expect(reader.contents.events == 3 && reader.contents.token == "a3f9")
            #expect(reader.contents.problems == whole.problems)
        }
    }

    /// A damaged file may have millions of bad lines: all are counted, the first few kept to show.
    @Test func aDamagedJournalKeepsAFewProblemsAndCountsThemAll() {
        var reader = Journal.Reader()
        for sid in 1...1_000 {
            reader.feed("{garbage \(sid)\n".utf8)
            reader.feed((Journal.line(for: .origin(Origin(sid: sid, text: "句\(sid)")), at: .now)! + "\n").utf8)
        }
        reader.finish()
        #expect(reader.contents.problemCount == 1_000)
        #expect(reader.contents.problems.count == Journal.Contents.keptProblems)
        #expect(reader.contents.problems.last?.hasPrefix("line 39: not a journal line") == true)
        #expect(reader.contents.events == 1_000)
        #expect(reader.contents.model.transcript.allSentences.count == 1_000)
    }
}

@Suite struct ExportFormatTests {
    func model() -> Broadcast {
        var model = Broadcast()
        for event: BroadcastEvent in [
            .connected(Connected(availableLanguages: ["en-US", "ja-JP"], recognitionMode: .multiSpeaker)),
            origin(1, "大家好。", speaker: "G1", label: "Guest-1", start: "00:01"),
            translation(1, "en-US", "Hello <all> & --> welcome."),
            translation(1, "ja-JP", "皆さん。"),
            origin(2, "第二句。", speaker: "G2", label: "Guest-2", start: "00:04"),
            translation(2, "en-US", "Second."),
            origin(3, "同時。", speaker: "G2", label: "Guest-2", start: "00:04"),
            origin(4, "沒有時間。", speaker: "G1", label: "Guest-1"),
            translation(4, "en-US", "No time."),
            .error(ServerError(code: "translation_failed", message: "provider down", sid: 2, translationLanguage: "ja-JP")),
            .speakerRenamed(SpeakerRenamed(speakerID: "G1", newLabel: "王經理")),
            .recordingStarted,
            origin(1, "新的錄音。", speaker: "G1", start: "00:02"),
            translation(1, "en-US", "A new recording."),
        ] { model.apply(event) }
        return model
    }

    @Test func theFormatComesFromTheExtension() {
        #expect(ExportFormat(path: "talk.SRT") == .srt)
        #expect(ExportFormat(path: "/a.b/talk.vtt") == .vtt)
        #expect(ExportFormat(path: "talk.jsonl") == .jsonl)
        #expect(ExportFormat(path: "talk") == nil)
        #expect(ExportFormat(path: ".srt") == nil)
        #expect(ExportFormat(path: "talk.docx") == nil)
    }

    /// Cues run to the next start; three sentences said in the same second follow one another
    /// (a second each at least, never overlapping); the last stays three seconds. A sentence whose
    /// translation never came shows its original, marked with its language.
    @Test func srtCuesFollowOneAnotherAndNeverOverlap() {
        let srt = TranscriptExport.render(model(), ExportOptions(format: .srt, language: "en-US"))
        #expect(srt == """
            1
            00:00:01,000 --> 00:00:04,000
            王經理: Hello <all> & → welcome.

            2
            00:00:04,000 --> 00:00:05,000
            Guest-2: Second.

            3
            00:00:05,000 --> 00:00:06,000
            Guest-2: [zh-TW] 同時。

            4
            00:00:06,000 --> 00:00:09,000
            王經理: No time.

            5
            00:00:11,000 --> 00:00:14,000
            G1: A new recording.

            """)
    }

    /// In text, a sentence without a translation the recording has for others says so; a failed
    /// one says it failed; a recording with no translation in a language says nothing of it.
    @Test func textSaysWhichTranslationNeverCame() {
        let text = TranscriptExport.render(model(), ExportOptions(format: .txt, language: "en-US"))
        #expect(text.contains("[00:04] Guest-2: 同時。\n    en-US: (no translation)\n"), "\(text)")
        #expect(!text.contains("新的錄音。\n    en-US: (no translation)"))
        let japanese = TranscriptExport.render(model(), ExportOptions(format: .txt, language: "ja-JP"))
        #expect(japanese.contains("ja-JP: ✗ translation failed: provider down"))
        #expect(!japanese.contains("新的錄音。\n    ja-JP"))  // the second recording has no ja-JP at all
    }

    @Test func vttIsEscapedAndBilingualPutsBothInOneCue() {
        let vtt = TranscriptExport.render(model(), ExportOptions(format: .vtt, language: "ja", bilingual: true))
        #expect(vtt.hasPrefix("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v 王經理>大家好。\n皆さん。\n"))
        #expect(vtt.contains("<v Guest-2>第二句。\n[no ja-JP translation]\n"), "\(vtt)")  // the missing half said
        let english = TranscriptExport.render(model(), ExportOptions(format: .vtt, language: "en-US"))
        #expect(english.contains("<v 王經理>Hello &lt;all&gt; &amp; --&gt; welcome.\n"))
        #expect(english.components(separatedBy: " --> ").count - 1 == 5)  // only timing lines have an arrow
    }

    @Test func textIsReadableBilingualWithTimesSpeakersAndFailures() {
        let text = TranscriptExport.render(model(), ExportOptions(format: .txt, token: "a3f9"))
        #expect(text.hasPrefix("# vas-view transcript — broadcast a3f9\n# languages: en-US, ja-JP\n"))
        #expect(text.contains("\n[00:01] 王經理: 大家好。\n    en-US: Hello <all> & --> welcome.\n    ja-JP: 皆さん。\n"))
        #expect(text.contains("[00:04] Guest-2: 第二句。\n    en-US: Second.\n    ja-JP: ✗ translation failed: provider down\n"))
        #expect(text.contains("── recording 2 ──\n\n[00:02] G1: 新的錄音。"))  // a new recording has its own speakers
    }

    /// Saving a long broadcast must not build a second copy of it: every format comes out
    /// in pieces of about a sentence, and the pieces make a valid file.
    @Test(arguments: ExportFormat.allCases)
    func everyFormatIsWrittenASentenceAtATime(format: ExportFormat) throws {
        var long = Broadcast()
        long.apply(.connected(Connected(availableLanguages: ["en-US"], recognitionMode: .multiSpeaker)))
        for sid in 1...2_000 {
            long.apply(origin(sid, "第\(sid)句。", speaker: "G1", label: "Guest-1", start: TimeCode.format(sid)))
            long.apply(translation(sid, "en-US", "Sentence number \(sid), which is long enough to matter."))
        }
        var pieces: [String] = []
        TranscriptExport.write(long, ExportOptions(format: format, language: "en-US")) { pieces.append($0) }
        #expect(pieces.count >= 2_000)
        #expect(pieces.map(\.utf8.count).max()! < 400)
        let whole = pieces.joined()
        #expect(whole == TranscriptExport.render(long, ExportOptions(format: format, language: "en-US")))
        #expect(whole.contains("Sentence number 2000,"))
        if format == .json {
            let document = try JSONSerialization.jsonObject(with: Data(whole.utf8)) as? [String: Any]
            #expect((document?["sentences"] as? [Any])?.count == 2_000)
        }
    }

    @Test func jsonLinesAreAHeaderAndOneSentenceEach() throws {
        let lines = TranscriptExport.render(model(), ExportOptions(format: .jsonl, token: "a3f9")).split(separator: "\n")
        #expect(lines.count == 1 + 5)
        for line in lines { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) }
        let last = try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any]
        #expect(last?["segment"] as? Int == 1)
        #expect(last?["speaker_label"] as? String == "G1")
    }
}

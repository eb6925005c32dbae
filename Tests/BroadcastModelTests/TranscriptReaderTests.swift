import Testing
import TestSupport
@testable import BroadcastModel

/// `vas-view export` reads what vas-view writes (issue "Nothing lost", A6): a transcript saved as
/// JSON or JSON lines, read back, exports exactly as the model it was saved from.
@Suite struct TranscriptReaderTests {
    static func model(_ items: [StreamItem]) -> Broadcast {
        var model = Broadcast()
        for item in items { model.apply(item) }
        return model
    }

    /// The recorded demo, as the viewer had it.
    static func demo() throws -> Broadcast {
        var decoder = EventStreamDecoder()
        return model(decoder.feed(try Fixtures.bytes("demo-broadcast.sse")))
    }

    /// Several recordings, gaps (one filled in part by a sentence resent later, one whose quoted start
    /// time is older than its sentence's, one only known after the jump it lies in), a jump that is
    /// no gap, failed translations (one language, all), renamed, merged and reassigned speakers, an
    /// unfinished sentence and one that only has a translation.
    static func eventful() -> Broadcast {
        model([
            .event(.connected(Connected(availableLanguages: ["en-US", "ja-JP"], recognitionMode: .multiSpeaker))),
            .event(origin(1, "一。", speaker: "G1", label: "Guest-1", start: "00:01")), .event(translation(1, "en-US", "One.")),
            .event(origin(2, "二。", speaker: "G2", label: "Guest-2", start: "00:05")), .event(translation(2, "en-US", "Two.")),
            .event(translation(2, "ja-JP", "二つ。")),
            .event(.speakerRenamed(SpeakerRenamed(speakerID: "G1", newLabel: "王經理", affectedSids: [1]))),
            .reconnected,
            .event(origin(6, "六。", speaker: "G1", label: "Guest-1", start: "00:20")), .event(translation(6, "en-US", "Six.")),
            .event(origin(4, "四。", speaker: "G2", label: "Guest-2", start: "00:12")), .event(translation(4, "en-US", "Four.")),
            .event(.error(ServerError(code: "llm_content_filtered", message: "Content filtered", severity: .warning, sid: 4,
                                      translationLanguage: "ja"))),
            .event(.error(ServerError(code: "translation_failed", message: "All failed", severity: .warning, sid: 6))),
            .event(origin(7, "七。", speaker: "G3", label: "Guest-3", start: "00:24")), .event(translation(7, "ja-JP", "七つ。")),
            .event(.speakersMerged(SpeakersMerged(sourceSpeakerID: "G3", targetSpeakerID: "G1"))),
            .event(.speakerReassigned(SpeakerReassigned(sid: 2, oldSpeakerID: "G2", newSpeakerID: "G4", newSpeakerLabel: "Ann"))),
            .event(origin(8, "八", final: false, speaker: "G2", label: "Guest-2", start: "00:30")),
            .event(translation(9, "en-US", "Nine, the original never came.", speaker: "G2", label: "Guest-2")),
            .reconnected,
            .event(translation(12, "en-US", "Twelve.", speaker: "G1", label: "Guest-1")),
            .event(origin(12, "十二。", speaker: "G1", label: "Guest-1", start: "00:40")),
            .event(.recordingStarted),
            .event(origin(1, "壹。", speaker: "G1", label: "Guest-1", start: "00:01")), .event(translation(1, "en-US", "One again.")),
            .event(origin(2, "貳。", speaker: "G1", label: "Guest-1", start: "00:03")),
            .reconnected,
            .event(origin(7, "柒。", speaker: "G1", label: "Guest-1", start: "00:15")),
            .event(origin(6, "陸。", speaker: "G1", label: "Guest-1", start: "00:13")),
            .event(origin(9, "玖。", speaker: "G1", label: "Guest-1", start: "00:20")),
            .event(origin(10, "拾。", speaker: "G1", label: "Guest-1", start: "00:22")),
        ])
    }

    /// Every form a person may ask export for, in every language shape.
    static func everyForm(_ model: Broadcast, token: String?) -> [String] {
        ExportFormat.allCases.flatMap { format in
            [(nil, false), ("en-US", false), ("ja-JP", true)].map { (language: String?, bilingual: Bool) in
                TranscriptExport.render(model, ExportOptions(format: format, language: language, bilingual: bilingual, token: token))
            }
        }
    }

    /// `render(read(render(m, form)), form) == render(m, form)`, and every other format the same too.
    func roundTrip(_ model: Broadcast, token: String? = "a3f9") {
        for format in [ExportFormat.json, .jsonl] {
            let saved = TranscriptExport.render(model, ExportOptions(format: format, token: token))
            let back = TranscriptReader.read(saved)
            #expect(back.problems == [], "\(format)")
            #expect(back.token == token)
            #expect(back.sentences == model.transcript.allSentences.count, "\(format)")
            #expect(TranscriptExport.render(back.model, ExportOptions(format: format, token: back.token)) == saved, "\(format)")
            #expect(Self.everyForm(back.model, token: back.token) == Self.everyForm(model, token: token), "\(format)")
            #expect(back.model.transcript.allGaps.map(\.gap) == model.transcript.allGaps.map(\.gap), "\(format)")
        }
    }

    @Test func theDemoRoundTrips() throws {
        let demo = try Self.demo()
        #expect(demo.transcript.allSentences.count == 6)
        roundTrip(demo)
        roundTrip(demo, token: nil)
    }

    @Test func gapsErrorsRecordingsSpeakersAndUnfinishedSentencesRoundTrip() {
        let model = Self.eventful()
        // The model is what the test means it to be.
        let gaps = model.transcript.allGaps.map { [$0.segment.index, $0.gap.fromSid, $0.gap.toSid] }
        #expect(gaps == [[0, 3, 3], [0, 5, 5], [0, 10, 11], [1, 3, 5]])
        #expect(model.transcript.segments[0].gaps.last == Gap(fromSid: 10, toSid: 11))  // measured before 12 had a time
        #expect(model.transcript.segments[0].sentences[4]?.errors["ja-JP"] == "Content filtered")
        #expect(model.transcript.segments[0].sentences[6]?.errors["*"] == "All failed")
        let first = model.transcript.segments[0]
        #expect(first.sentences.values.map { first.speakerLabel(of: $0) } == ["王經理", "Ann", "王經理", "Guest-2", "王經理", "Guest-2", "Guest-2", "王經理"])
        roundTrip(model)
    }

    @Test func aGapRoundTrips() {
        let model = Self.model([.event(origin(1, "一。", start: "00:05")), .event(origin(2, "二。", start: "00:12")), .reconnected,
                                .event(origin(5, "五。", start: "00:18")), .event(origin(6, "六。", start: "00:21"))])
        for format in [ExportFormat.json, .jsonl] {
            let back = TranscriptReader.read(TranscriptExport.render(model, ExportOptions(format: format)))
            #expect(back.model.transcript.current.gaps == [Gap(fromSid: 3, toSid: 4, fromTime: "00:12", toTime: "00:18")])
            #expect(back.model.transcript.missedCount == 2)
            let text = TranscriptExport.render(back.model, ExportOptions(format: .txt))
            #expect(text.contains("\n⋯ 2 sentences missed while reconnecting (00:12–00:18)\n\n[00:18] 五。\n"))
        }
        roundTrip(model, token: nil)
    }

    @Test func aJumpWithoutAReconnectionIsNoGap() {
        // The document does not promise consecutive ids: a hole without a reconnection stays one.
        let model = Self.model([.event(origin(1, "一。")), .event(origin(4, "四。")), .reconnected, .event(origin(5, "五。"))])
        let saved = TranscriptExport.render(model, ExportOptions(format: .jsonl))
        #expect(TranscriptReader.read(saved).model.transcript.missedCount == 0)
        roundTrip(model)
    }

    @Test func aDamagedLineIsNamedAndSkipped() throws {
        let saved = TranscriptExport.render(try Self.demo(), ExportOptions(format: .jsonl, token: "a3f9"))
        var lines = saved.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = String(lines[2].prefix(40))  // sentence 2, cut short
        lines[4] = lines[4].replacing("\"sid\":4", with: "\"sid\":\"four\"")  // sentence 4
        let back = TranscriptReader.read(lines.joined(separator: "\n"))
        #expect(back.problemCount == 2)
        #expect(back.problems.count == 2)
        #expect(back.problems[0].hasPrefix("line 3: not a transcript line ("))
        #expect(back.problems[1].hasPrefix("line 5: not a transcript line (field 'sid': expected a number"))
        #expect(back.token == "a3f9")
        #expect(Array(back.model.transcript.current.sentences.keys) == [1, 3, 5, 6])
        #expect(back.model.transcript.current.sentences[1]?.translations["en-US"]?.text == "Hello everyone, welcome to today's presentation.")
    }

    @Test func aDamagedSentenceOfTheDocumentIsNamedAndSkipped() throws {
        let saved = TranscriptExport.render(try Self.demo(), ExportOptions(format: .json))
        let damaged = saved.replacing("{\"sid\":4,", with: "{\"sid\":4,\"is_final\":\"yes\",")
        let back = TranscriptReader.read(damaged)
        #expect(back.problems.count == 1)
        #expect(back.problems.first?.hasPrefix("line 5: not a transcript entry (field 'is_final'") == true)
        #expect(Array(back.model.transcript.current.sentences.keys) == [1, 2, 3, 5, 6])
        // Cut short: what came before the cut is kept, and the cut is named.
        let cut = TranscriptReader.read(String(saved.prefix(saved.utf8.count / 2)))
        #expect(cut.problemCount == 1)
        #expect(cut.problems.first?.contains("the rest of the file could not be read") == true)
        #expect(cut.sentences >= 2)
    }

    @Test func handEditedTerminalControlsAreCleaned() {
        let edited = #"""
            {"format":"vas-view-transcript-lines","version":1,"token":"a3\u001b[2Jf9","languages":["en-US"]}
            {"sid":1,"segment":0,"start_time":"00:01","speaker_id":"G1","speaker_label":"\u001b]0;pwned\u0007Boss","original":"\u001b[31mred\u001b[0m text","language":"zh-TW","is_final":true,"translations":{"en-US":"\u009b2Jclear\u202e"},"errors":{"ja-JP":"bad\u0007"}}
            """#
        let back = TranscriptReader.read(edited)
        #expect(back.problems == [])
        #expect(back.token == "a3f9")
        let segment = back.model.transcript.current
        let sentence = segment.sentences[1]
        #expect(sentence?.original == "red text")
        #expect(sentence.map(segment.speakerLabel(of:)) == "Boss")
        #expect(sentence?.translations["en-US"]?.text == "clear")
        #expect(sentence?.errors["ja-JP"] == "bad")
        for format in ExportFormat.allCases {
            let out = TranscriptExport.render(back.model, ExportOptions(format: format, token: back.token))
            #expect(!out.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" },
                    "\(format)")
        }
    }

    @Test func theFormIsToldByTheFirstObjectsFormat() throws {
        let demo = try Self.demo()
        let document = Array(TranscriptExport.render(demo, ExportOptions(format: .json)).utf8)
        let lines = Array(TranscriptExport.render(demo, ExportOptions(format: .jsonl)).utf8)
        #expect(TranscriptReader.probe(document) == .transcript(.document))
        #expect(TranscriptReader.probe(document.prefix(32)) == .transcript(.document))
        #expect(TranscriptReader.probe(lines) == .transcript(.lines))
        #expect(TranscriptReader.probe(Array("  {\"version\":1,\"format\":\"vas-view-transcript-lines\"}".utf8)) == .transcript(.lines))
        // Cut before it says: more is needed, unless that is all there is.
        #expect(TranscriptReader.probe(document.prefix(12)) == .needMore)
        #expect(TranscriptReader.probe(document.prefix(12), ended: true) == .other)
        // A journal, a journal's event line, a recording: not a transcript.
        let header = Journal.header(token: "a3f9", server: "https://vas.example", date: UTCTime(secondsSince1970: 0))
        #expect(TranscriptReader.probe(Array(header.utf8)) == .other)
        #expect(TranscriptReader.probe(Array(#"{"type":"origin","data":"{}","at":"x"}"#.utf8)) == .other)
        #expect(TranscriptReader.probe(Array("event: origin\ndata: {}\n\n".utf8)) == .other)
    }
}

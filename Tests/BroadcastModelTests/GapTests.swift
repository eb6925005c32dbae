import Testing
import TestSupport
@testable import BroadcastModel

/// Sentences that never arrived across a reconnection (issue "Nothing lost", B).
@Suite struct GapTests {
    func model(_ items: [StreamItem]) -> Broadcast {
        var model = Broadcast()
        for item in items { model.apply(item) }
        return model
    }

    @Test func aHoleAcrossAReconnectionIsAGap() {
        let model = model([.event(origin(1, "一", start: "00:01")), .event(origin(2, "二", start: "00:12")), .reconnected,
                           .event(origin(5, "五", start: "00:18")), .event(origin(6, "六"))])
        let gaps = model.transcript.current.gaps
        #expect(gaps == [Gap(fromSid: 3, toSid: 4, fromTime: "00:12", toTime: "00:18")])
        #expect(gaps[0].description == "2 sentences missed while reconnecting (00:12–00:18)")
        #expect(gaps[0].beforeSid == 5)
        #expect(model.transcript.missedCount == 2)
    }

    @Test func aHoleWithinOneConnectionIsNot() {
        // The document does not promise consecutive ids within a connection.
        let model = model([.event(origin(1, "一")), .event(origin(4, "四")), .reconnected, .event(origin(5, "五"))])
        #expect(model.transcript.current.gaps.isEmpty)
        #expect(model.transcript.missedCount == 0)
    }

    @Test func resentSentencesFillTheGap() {
        // A server that resends recent sentences: the first after the drop may be old ones.
        var model = model([.event(origin(1, "一")), .event(origin(2, "二")), .reconnected,
                           .event(origin(2, "二")), .event(origin(5, "五"))])
        #expect(model.transcript.current.gaps.map(\.count) == [2])
        model.apply(.event(origin(4, "四")))
        #expect(model.transcript.current.gaps == [Gap(fromSid: 3, toSid: 3)])
        #expect(model.transcript.current.gaps[0].description == "1 sentence missed while reconnecting")
        model.apply(.event(origin(3, "三")))
        #expect(model.transcript.current.gaps.isEmpty)
    }

    @Test func aPartlyFilledGapKeepsBothEnds() {
        var model = model([.event(origin(1, "一")), .reconnected, .event(origin(6, "六"))])
        model.apply(.event(origin(3, "三")))
        #expect(model.transcript.current.gaps.map { [$0.fromSid, $0.toSid] } == [[2, 2], [4, 5]])
    }

    @Test func beforeAnySentenceThereIsNothingToMeasure() {
        let model = model([.reconnected, .event(origin(7, "七")), .event(origin(8, "八"))])
        #expect(model.transcript.current.gaps.isEmpty)
    }

    @Test func repeatedReconnectionsMeasureOneHoleOnce() {
        let model = model([.event(origin(1, "一")), .reconnected, .reconnected, .reconnected, .event(origin(3, "三"))])
        #expect(model.transcript.current.gaps == [Gap(fromSid: 2, toSid: 2)])
    }

    @Test func aHugeJumpCostsNoMoreThanTheSentencesHeld() {
        let model = model([.event(origin(1, "一")), .reconnected, .event(origin(1_000_000_000_000, "多"))])
        #expect(model.transcript.missedCount == 999_999_999_998)
    }

    @Test func gapsBelongToTheirRecording() {
        let model = model([.event(origin(1, "一")), .reconnected, .event(origin(3, "三")),
                           .event(.recordingStarted), .event(origin(1, "一")), .event(origin(2, "二"))])
        #expect(model.transcript.segments[0].gaps.count == 1)
        #expect(model.transcript.current.gaps.isEmpty)
        #expect(model.transcript.allGaps.map(\.segment.index) == [0])
        #expect(model.transcript.only(recording: 2)?.missedCount == 0)
        #expect(model.transcript.only(recording: 1)?.missedCount == 1)
    }
}

/// Every form of the transcript says a gap where the missed sentences would have been,
/// with the word "missed"; a gap filled later is gone from all of them.
@Suite struct GapFormsTests {
    static let connected = BroadcastEvent.connected(Connected(availableLanguages: ["en-US"], phase: .live, recognitionMode: .single))
    static let items: [StreamItem] = [
        .event(connected),
        .event(origin(1, "一。", start: "00:05")), .event(translation(1, "en-US", "One.")),
        .event(origin(2, "二。", start: "00:12")), .event(translation(2, "en-US", "Two.")),
        .reconnected,
        .event(origin(5, "五。", start: "00:18")), .event(translation(5, "en-US", "Five.")),
    ]

    static func model(_ items: [StreamItem] = items) -> Broadcast {
        var model = Broadcast()
        for item in items { model.apply(item) }
        return model
    }

    @Test func plainModeSaysItBeforeTheSentenceAfter() {
        var printer = PlainPrinter(language: "en-US")
        var model = Broadcast()
        var lines: [String] = []
        for item in Self.items {
            let update = model.apply(item)
            lines += printer.lines(after: update, model: model, now: 0)
        }
        lines += printer.finish(model: model)
        let gap = "# ⋯ 2 sentences missed while reconnecting (00:12–00:18)"
        #expect(lines.filter { $0 == gap }.count == 1)
        #expect(lines.firstIndex(of: gap).map { lines[$0 + 1] } == "[00:18] 五。")
    }

    @Test func text() {
        let text = TranscriptExport.render(Self.model(), ExportOptions(format: .txt, language: "en-US"))
        #expect(text.contains("    en-US: Two.\n\n⋯ 2 sentences missed while reconnecting (00:12–00:18)\n\n[00:18] 五。\n"))
    }

    @Test func webVTTNote() {
        let vtt = TranscriptExport.render(Self.model(), ExportOptions(format: .vtt, language: "en-US"))
        #expect(vtt.contains("\nNOTE 2 sentences missed while reconnecting (00:12–00:18)\n\n00:00:18.000 --> 00:00:21.000\nFive.\n"))
    }

    @Test func srtCarriesOnlySpeech() {
        let srt = TranscriptExport.render(Self.model(), ExportOptions(format: .srt, language: "en-US"))
        #expect(!srt.contains("missed"))
        #expect(srt.contains("3\n00:00:18,000 --> 00:00:21,000\nFive.\n"))
    }

    @Test func json() {
        let json = TranscriptExport.render(Self.model(), ExportOptions(format: .json))
        #expect(json.contains(#""gaps":[{"missed":2,"from_sid":3,"to_sid":4,"segment":0,"from_time":"00:12","to_time":"00:18","text":"2 sentences missed while reconnecting (00:12–00:18)"}],"sentences":["#))
    }

    @Test func jsonLines() {
        let lines = TranscriptExport.render(Self.model(), ExportOptions(format: .jsonl)).split(separator: "\n")
        #expect(lines.count == 5)  // header, 1, 2, the gap, 5
        #expect(lines[3].hasPrefix(#"{"missed":2,"from_sid":3,"to_sid":4,"#))
        #expect(lines[4].hasPrefix(#"{"sid":5,"#))
    }

    @Test func aFilledGapIsGoneFromEveryForm() {
        let filled = Self.model(Self.items + [.event(origin(3, "三。", start: "00:14")), .event(origin(4, "四。", start: "00:16"))])
        for format in ExportFormat.allCases {
            #expect(!TranscriptExport.render(filled, ExportOptions(format: format, language: "en-US")).contains("missed while"), "\(format)")
        }
        #expect(TranscriptExport.render(filled, ExportOptions(format: .json)).contains(#""gaps":[]"#))
    }

    /// The journal keeps where the connection ended, so reading it back measures the same gap.
    @Test func theJournalKeepsTheReconnection() {
        var text = Journal.header(token: "a3f9", server: "http://x", date: UTCTime(secondsSince1970: 0)) + "\n"
        for item in Self.items {
            if let line = Journal.line(for: item, at: UTCTime(secondsSince1970: 0)) { text += line + "\n" }
        }
        #expect(text.contains(#"{"type":"vas-view.reconnected""#))
        let read = Journal.read(text)
        #expect(read.problems.isEmpty)
        #expect(read.model.transcript.current.gaps == Self.model().transcript.current.gaps)
        #expect(read.model.transcript.missedCount == 2)
    }

    /// A raw recording's reconnection marker is one too.
    @Test func aRecordingsReconnectionMarkerIsOne() {
        let bytes = Array(("event: origin\ndata: {\"sid\":1,\"text\":\"一\",\"is_final\":true}\n\n:@reconnect\n"
            + "event: origin\ndata: {\"sid\":4,\"text\":\"四\",\"is_final\":true}\n\n").utf8)
        var model = Broadcast()
        for item in RecordingReader.items(bytes) { model.apply(item) }
        #expect(model.transcript.current.gaps == [Gap(fromSid: 2, toSid: 3)])
    }
}

/// Only a sentence above the last one before the drop resumes the stream: an older one that
/// comes late (resent) fills nothing and measures nothing.
@Suite struct GapResumeTests {
    @Test func anOlderSentenceArrivingLateDoesNotResume() {
        var model = Broadcast()
        for item: StreamItem in [.event(origin(1, "一")), .event(origin(3, "三")), .event(origin(4, "四")), .reconnected,
                                 .event(origin(2, "二")), .event(origin(7, "七"))] { model.apply(item) }
        #expect(model.transcript.current.gaps == [Gap(fromSid: 5, toSid: 6)])
    }
}

/// A sentence of which only the translation came (its original was lost in a drop): said in
/// plain mode and in text, never dropped.
@Suite struct OriginalNotReceivedTests {
    @Test func plainModeAndTextSayIt() {
        var printer = PlainPrinter(language: "en-US")
        var model = Broadcast()
        var lines: [String] = []
        for event in [origin(1, "一。", start: "00:01"), translation(1, "en-US", "One."), translation(6, "en-US", "Six.")] {
            let update = model.apply(event)
            lines += printer.lines(after: update, model: model, now: 0)
        }
        #expect(!lines.contains("  → Six."))  // its original may still come: it waits, as a sentence waits for its translation
        lines += printer.tick(model: model, now: 9)
        #expect(lines.suffix(2) == ["(#6) (original not received)", "  → Six."])  // said in the flow, not only at the end
        #expect(printer.finish(model: model).isEmpty)
        let text = TranscriptExport.render(model, ExportOptions(format: .txt, language: "en-US"))
        #expect(text.contains("\n(original not received)\n    en-US: Six.\n"))
    }

    @Test func anOriginalThatComesAfterItsTranslationIsPrintedAsUsual() {
        var printer = PlainPrinter(language: "en-US")
        var model = Broadcast()
        var lines: [String] = []
        for event in [translation(2, "en-US", "Two."), origin(2, "二。", start: "00:02")] {
            let update = model.apply(event)
            lines += printer.lines(after: update, model: model, now: 0)
        }
        lines += printer.finish(model: model)
        #expect(lines == ["[00:02] 二。", "  → Two."])
    }
}

import Testing
import TestSupport
@testable import BroadcastModel

/// Runs events through the model and the printer, collecting the lines.
struct PlainRun {
    var model = BroadcastModel()
    var printer: PlainPrinter
    var lines: [String] = []

    init(language: String? = "en-US") {
        printer = PlainPrinter(language: language)
    }

    mutating func send(_ events: BroadcastEvent..., at now: Double = 0) {
        for event in events {
            let update = model.apply(event)
            lines += printer.lines(after: event, update: update, model: model, now: now)
        }
    }

    mutating func finish() {
        lines += printer.finish(model: model)
    }
}

let multi = BroadcastEvent.connected(Connected(availableLanguages: ["en-US", "ja-JP"], phase: .live, recognitionMode: .multiSpeaker))
let single = BroadcastEvent.connected(Connected(availableLanguages: ["en-US"], phase: .live, recognitionMode: .single))

@Suite struct PlainPrinterTests {
    @Test func sentenceWithTimeSpeakerAndTranslation() {
        var run = PlainRun()
        run.send(multi, origin(1, "大家", final: false, speaker: "G1", label: "Royx", start: "00:05"),
                 origin(1, "大家好", speaker: "G1", label: "Royx", start: "00:05"))
        #expect(run.lines == ["# connected: live; languages en-US, ja-JP"])
        run.send(translation(1, "ja-JP", "皆さん"), translation(1, "en-US", "Hello", final: false))
        #expect(run.lines.count == 1)
        run.send(translation(1, "en-US", "Hello everyone"))
        #expect(run.lines.dropFirst() == ["[00:05] Royx: 大家好", "  → Hello everyone"])
    }

    @Test func singleSpeakerHasNoSpeakerAndNoTimeWhenNoneGiven() {
        var run = PlainRun()
        run.send(single, origin(1, "你好", speaker: "G1"), translation(1, "en-US", "Hi"))
        #expect(run.lines.dropFirst() == ["你好", "  → Hi"])
    }

    @Test func defaultLanguageIsTheBroadcastsFirst() {
        var run = PlainRun(language: nil)
        run.send(multi, origin(1, "好"), translation(1, "ja-JP", "良い"), translation(1, "en-US", "Good"))
        #expect(run.lines.last == "  → Good")
    }

    @Test func primarySubtagSelectsTheOfferedLanguage() {
        var run = PlainRun(language: "ja")
        run.send(multi, origin(1, "好"), translation(1, "ja-JP", "良い"))
        #expect(run.lines.last == "  → 良い")
    }

    @Test func failedTranslationIsShownWithItsReason() {
        var run = PlainRun(language: "ja-JP")
        run.send(multi, origin(3, "價格？"),
                 .error(ServerError(code: "llm_content_filtered", message: "Content filtered", severity: .warning,
                                    sid: 3, translationLanguage: "ja")))
        #expect(run.lines.suffix(2) == ["價格？", "  → [translation failed: Content filtered]"])
    }

    @Test func aSentenceStopsWaitingWhenLaterOnesPileUp() {
        var run = PlainRun()
        run.printer.maxWaiting = 2
        run.send(single, origin(1, "一"), origin(2, "二"), origin(3, "三"))
        #expect(run.lines.count == 1)
        run.send(origin(4, "四"))
        #expect(run.lines.dropFirst() == ["一"])
        // The translation of sentence 1 arrives late: its own line, referring to the sentence.
        run.send(translation(1, "en-US", "One"))
        #expect(run.lines.last == "  → (#1) One")
        run.send(translation(2, "en-US", "Two"))
        #expect(run.lines.suffix(2) == ["二", "  → Two"])
    }

    @Test func aSentenceStopsWaitingAfterMaxWait() {
        var run = PlainRun()
        run.send(single, at: 0)
        run.send(origin(1, "一", start: "00:01"), at: 10)
        #expect(run.printer.tick(model: run.model, now: 17).isEmpty)
        #expect(run.printer.tick(model: run.model, now: 18.5) == ["[00:01] 一"])
    }

    @Test func eachSentenceOnceEvenWhenRepeated() {
        var run = PlainRun()
        let events = [origin(1, "一"), translation(1, "en-US", "One")]
        run.send(single)
        run.send(events[0], events[1], events[0], events[1])
        run.finish()
        #expect(run.lines.dropFirst() == ["一", "  → One"])
    }

    @Test func unfinishedSentencesArePrintedAtTheEnd() {
        var run = PlainRun()
        run.send(single, origin(1, "說到一半", final: false))
        #expect(run.lines.count == 1)
        run.finish()
        #expect(run.lines.last == "說到一半")
    }

    @Test func newRecordingFlushesTheOldOne() {
        var run = PlainRun()
        run.send(single, origin(1, "舊"), .recordingStarted, origin(1, "新"), translation(1, "en-US", "New"))
        #expect(run.lines.dropFirst() == ["舊", "# new recording", "新", "  → New"])
    }

    @Test func statusLines() {
        var run = PlainRun()
        run.send(.connected(Connected(availableLanguages: ["en-US"], ttsLanguages: ["en-US"], phase: .standby)),
                 .queued(Queued(position: 3, estimatedWait: "About 2 minutes")),
                 .admitted(message: "Entered the live stream"),
                 .standby(LocalizedMessage(original: "即將開始", translations: ["en-US": "Soon"])),
                 .phaseChanged(PhaseChanged(phase: .live, message: "Broadcast has started")),
                 .paused(message: "Live stream is paused"), .resumed(message: nil),
                 .announcement(LocalizedMessage(original: "五分鐘", translations: ["ja-JP": "5分"])),
                 .error(ServerError(code: "translation_service_unavailable")), translation(9, "en-US", "x", final: false),
                 .kicked(message: "Removed by the host"))
        #expect(run.lines == [
            "# connected: standby; languages en-US; speech en-US",
            "# queued: position 3 (About 2 minutes)",
            "# admitted: Entered the live stream",
            "# standby: Soon",
            "# live: Broadcast has started",
            "# paused: Live stream is paused",
            "# resumed",
            "# announcement: 五分鐘",
            "# translation unavailable: original text continues",
            "# translations are back",
            "# removed by the host: Removed by the host",
        ])
    }

    @Test func languageNotOfferedIsNoted() {
        var run = PlainRun(language: "fr-FR")
        run.send(multi)
        #expect(run.lines.last == "# note: fr-FR is not offered by this broadcast")
    }
}

@Suite struct TranscriptJSONTests {
    @Test func documentHasEverySentenceWithSpeakersAfterMerges() throws {
        var model = BroadcastModel()
        for event in [multi, origin(1, "一", speaker: "G1", start: "00:01"), origin(2, "二", speaker: "G2"),
                      translation(2, "en-US", "Two \"quoted\""),
                      .speakersMerged(SpeakersMerged(sourceSpeakerID: "G2", targetSpeakerID: "G1", targetSpeakerLabel: "Wang")),
                      .recordingStarted, origin(1, "new\u{1B}[2J")] {
            model.apply(event)
        }
        let json = TranscriptJSON.document(model)
        #expect(json.contains(#"{"sid":2,"segment":0,"start_time":null,"speaker_id":"G1","speaker_label":"Wang","original":"二","language":"zh-TW","is_final":true,"translations":{"en-US":"Two \"quoted\""},"errors":{}}"#))
        #expect(json.contains(#""sid":1,"segment":1,"#))
        #expect(!json.utf8.contains(0x1B))
        #expect(json.hasPrefix(#"{"format":"vas-view-transcript","version":1,"languages":["en-US","ja-JP"],"gaps":[],"sentences":["#))
    }

    @Test func quoteEscapesEveryControl() {
        #expect(JSONText.quote("a\"b\\c\n\u{1B}\u{9B}\u{202E}é大") == #""a\"b\\c\n\u001b\u009b\u202eé大""#)
    }
}

@Suite struct ReplayTimingTests {
    @Test func pacedByStartTimes() {
        var timing = ReplayTiming(speed: 2)
        let at5 = SSEItem.event(SSEEvent(type: "origin", data: #"{"sid":1,"text":"a","start_time":"00:05"}"#))
        let at4 = SSEItem.event(SSEEvent(type: "origin", data: #"{"sid":2,"text":"b","start_time":"00:04"}"#))
        let at8 = SSEItem.event(SSEEvent(type: "origin", data: #"{"sid":3,"text":"c","start_time":"00:08"}"#))
        #expect(timing.wait(before: at5) == 2.5)
        #expect(timing.wait(before: at4) == 0)
        #expect(timing.wait(before: at8) == 1.5)
        #expect(timing.clock == 8)
    }

    @Test func recordedTimestampsWinAndLongGapsAreCapped() {
        var timing = ReplayTiming(speed: 1, maxWait: 5)
        #expect(timing.wait(before: .comment("@t=1.5")) == 1.5)
        let origin = SSEItem.event(SSEEvent(type: "origin", data: #"{"sid":1,"text":"a","start_time":"09:00"}"#))
        #expect(timing.wait(before: origin) == 0)
        #expect(timing.wait(before: .comment("@t=60")) == 5)
        #expect(ReplayTiming.timestampComment(seconds: 12.3456) == ":@t=12.346\n")
    }
}

/// B.11: plain mode prints the end line last.
@Suite struct PlainEndLastTests {
    @Test func sentencesWaitingForTheirTranslationComeBeforeEnded() {
        var run = PlainRun()
        run.send(single, origin(1, "一。", start: "00:01"), origin(2, "二。", start: "00:02"))
        run.send(translation(1, "en-US", "One."))
        run.send(.ended(message: "Broadcast has ended"))
        run.finish()
        #expect(run.lines.last == "# ended: Broadcast has ended")
        #expect(run.lines.filter { !$0.hasPrefix("#") } == ["[00:01] 一。", "  → One.", "[00:02] 二。"])
    }

    @Test func alsoForAKick() {
        var run = PlainRun()
        run.send(single, origin(1, "一。"))
        run.send(.kicked(message: "out"))
        #expect(run.lines.suffix(2) == ["一。", "# removed by the host: out"])
    }
}

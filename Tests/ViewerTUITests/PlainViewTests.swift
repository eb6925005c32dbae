import Testing
import TestSupport
import BroadcastCore
@testable import BroadcastModel
@testable import ViewerTUI

/// Runs events through plain mode (the update function, then PlainView), collecting the lines.
struct PlainRun {
    var view: PlainView
    var lines: [String] = []

    init(language: String? = "en-US") {
        view = PlainView(app: ViewerApp(ui: ViewerUI(server: "s", token: "t", language: language)))
    }

    var model: Broadcast { view.app.model }

    mutating func send(_ events: BroadcastEvent..., at now: Double = 0) {
        for event in events {
            lines += view.take(.update(.items([.event(event)])), now: now).lines
        }
    }

    mutating func finish() {
        lines += view.finish()
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
        #expect(run.lines.suffix(3) == ["價格？", "  → [translation failed: Content filtered]",
                                        "# warning llm_content_filtered: Content filtered (sentence 3, ja)"])
    }

    @Test func aSentenceStopsWaitingWhenLaterOnesPileUp() {
        var run = PlainRun()
        run.view.printer.maxWaiting = 2
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
        #expect(run.view.tick(now: 17).isEmpty)
        #expect(run.view.tick(now: 18.5) == ["[00:01] 一"])
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
        #expect(run.lines.dropFirst() == ["舊", "# a new recording started (saved files keep every recording)", "新", "  → New"])
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
            "# in the queue: position 3 (About 2 minutes)",
            "# admitted: Entered the live stream",
            "# standby: Soon",
            "# the broadcast is live: Broadcast has started",
            "# paused: Live stream is paused",
            "# resumed",
            "# announcement: 五分鐘",
            "# translation unavailable: original text continues (translation_service_unavailable)",
            "# translations are back",
            "# the host removed you from this broadcast (Removed by the host)",
        ])
    }

    @Test func languageNotOfferedIsNoted() {
        var run = PlainRun(language: "fr-FR")
        run.send(multi)
        #expect(run.lines.last == "# fr-FR is not offered by this broadcast (it offers en-US, ja-JP): the original only; choose a language with --lang (l on the full screen)")
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
        #expect(run.lines.last == "# the broadcast has ended")
        #expect(run.lines.filter { !$0.hasPrefix("#") } == ["[00:01] 一。", "  → One.", "[00:02] 二。"])
    }

    @Test func alsoForAKick() {
        var run = PlainRun()
        run.send(single, origin(1, "一。"))
        run.send(.kicked(message: "out"))
        #expect(run.lines.suffix(2) == ["一。", "# the host removed you from this broadcast (out)"])
    }
}

import Testing
import TestSupport
import BroadcastCore
import BroadcastModel
@testable import ViewerTUI

/// Two views, one story: every case of what the session, the stream and the speech player
/// can say goes through the one update function, and each notice it gives reaches both views —
/// the full screen's notices list (`i`) and a plain `#` line — in the same words.
///
/// The tables are exhaustive switches without `default`: a new case of `SessionUpdate`,
/// `BroadcastEvent` or `SpeechPlayer.Event` does not compile until it is listed here, with what
/// both views must say about it.
@Suite struct TwoViewsTests {
    /// One run of a message through both views, after the same start (a live broadcast, one sentence).
    struct Both {
        var screen: ViewerApp
        var plain: PlainView
        var plainLines: [String] = []
        var listed: Int

        init(speech: Bool = false) {
            var ui = ViewerUI(server: "https://vas.test", token: "a3f9", language: "en-US")
            if speech { ui.set(speech: .on) }
            screen = ViewerApp(ui: ui)
            plain = PlainView(app: ViewerApp(ui: ui))
            listed = 0
            for message: ViewerMessage in [
                .update(.items([.event(.connected(Connected(availableLanguages: ["en-US", "ja-JP"], ttsLanguages: ["en-US"],
                                                            phase: .live, recognitionMode: .multiSpeaker)))])),
                .update(.items([.event(origin(1, "一。", speaker: "Guest-1", label: "Guest-1", start: "00:01")),
                                .event(translation(1, "en-US", "One."))])),
            ] { send(message) }
            _ = screen.takeSaid()
            listed = screen.ui.notices.count
            plainLines = []
        }

        mutating func send(_ message: ViewerMessage) {
            _ = screen.update(message, now: 10)
            plainLines += plain.take(message, now: 10).lines
        }

        /// What the full screen listed since the start.
        var newNotices: [ViewerUI.Notice] { Array(screen.ui.notices.dropFirst(listed)) }

        /// Each new notice is a `#` line in plain mode (a gap is printed in its place, with the same words).
        func expectParity(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            for notice in newNotices {
                let found = plainLines.contains { $0.hasPrefix("#") && $0.contains(notice.text) }
                #expect(found, "\(what): '\(notice.text)' is listed on the full screen but not printed in plain mode: \(plainLines)",
                        sourceLocation: sourceLocation)
            }
            for line in plainLines where line.hasPrefix("# ") {
                let text = String(line.dropFirst(2))
                #expect(newNotices.contains { text.contains($0.text) },
                        "\(what): plain mode says '\(line)', the notices list does not", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: - Session updates

    enum UpdateCase: CaseIterable {
        case info, connecting, connected, items, waiting, passwordRejected, passwordPrompt, languageSelected, speech, paced,
             notice, logged, finished
    }

    /// The table: a new case of `SessionUpdate` fails to compile here.
    static func kind(of update: SessionUpdate) -> UpdateCase {
        switch update {
        case .info: .info
        case .connecting: .connecting
        case .connected: .connected
        case .items: .items
        case .waiting: .waiting
        case .passwordRejected: .passwordRejected
        case .passwordPrompt: .passwordPrompt
        case .languageSelected: .languageSelected
        case .speech: .speech
        case .paced: .paced
        case .notice: .notice
        case .logged: .logged
        case .finished: .finished
        }
    }

    /// A sample of each case, and what both views must say about it (nil: nothing to say).
    static func sample(_ kind: UpdateCase) -> (SessionUpdate, says: String?) {
        switch kind {
        case .info: (.info(BroadcastInfo(name: "Talk")), nil)  // the name is in the status bar and the plain header
        case .connecting: (.connecting("https://vas.test/broadcast/a3f9/text"), "connecting to https://vas.test/broadcast/a3f9/text")
        case .connected: (.connected, nil)
        case .items: (.items([.unknown(type: "mystery")]), "ignored an unknown event type 'mystery'")
        case .waiting: (.waiting(.network, retryIn: .seconds(2), detail: "the server closed the connection"),
                        "connection lost: the server closed the connection; trying again in 2.0 s")
        case .passwordRejected: (.passwordRejected(attemptsLeft: 2), "wrong password (2 tries left)")
        case .passwordPrompt: (.passwordPrompt(PasswordPrompt(reason: .rejected(attemptsLeft: 1), broadcast: "a3f9")),
                               "wrong password (1 try left)")
        case .languageSelected: (.languageSelected("ja-JP"), nil)
        case .speech: (.speech(on: false, reason: "this broadcast has no spoken translation"),
                       "this broadcast has no spoken translation; speech is off")
        case .paced: (.paced(ReplayPace(speed: 2)), nil)
        case .notice: (.notice("speech fell more than 8 s behind"), "speech fell more than 8 s behind")
        case .logged: (.logged("the server has no broadcast details (HTTP 404); trying the stream"), nil)  // the log only
        case .finished: (.finished(.unavailable("the broadcast is over (410)")), "the broadcast is over (410)")
        }
    }

    @Test(arguments: UpdateCase.allCases)
    func everySessionUpdateSaysTheSameInBothViews(_ kind: UpdateCase) {
        let (update, says) = Self.sample(kind)
        #expect(Self.kind(of: update) == kind)
        var both = Both(speech: true)
        both.send(.update(update))
        both.expectParity("\(kind)")
        if let says {
            #expect(both.newNotices.contains { $0.text == says }, "\(kind): \(both.newNotices.map(\.text))")
        } else {
            #expect(both.newNotices.isEmpty, "\(kind) says nothing, yet: \(both.newNotices.map(\.text))")
        }
    }

    // MARK: - Events of the stream

    enum EventCase: CaseIterable {
        case connected, queued, admitted, origin, translation, ttsReady, paused, resumed, ended, kicked, speakerRenamed,
             speakerReassigned, speakersMerged, recordingStarted, maxViewersChanged, accessTypeChanged, passCodeChanged,
             standby, phaseChanged, announcement, error, heartbeat
    }

    /// The table: a new case of `BroadcastEvent` fails to compile here.
    static func kind(of event: BroadcastEvent) -> EventCase {
        switch event {
        case .connected: .connected
        case .queued: .queued
        case .admitted: .admitted
        case .origin: .origin
        case .translation: .translation
        case .ttsReady: .ttsReady
        case .paused: .paused
        case .resumed: .resumed
        case .ended: .ended
        case .kicked: .kicked
        case .speakerRenamed: .speakerRenamed
        case .speakerReassigned: .speakerReassigned
        case .speakersMerged: .speakersMerged
        case .recordingStarted: .recordingStarted
        case .maxViewersChanged: .maxViewersChanged
        case .accessTypeChanged: .accessTypeChanged
        case .passCodeChanged: .passCodeChanged
        case .standby: .standby
        case .phaseChanged: .phaseChanged
        case .announcement: .announcement
        case .error: .error
        case .heartbeat: .heartbeat
        }
    }

    static func sample(_ kind: EventCase) -> (BroadcastEvent, says: String?) {
        switch kind {
        case .connected: (.connected(Connected(availableLanguages: ["en-US"], phase: .live)), "connected: live; languages en-US")
        case .queued: (.queued(Queued(position: 3, estimatedWait: "about 2 minutes")), "in the queue: position 3 (about 2 minutes)")
        case .admitted: (.admitted(message: "Welcome"), "admitted: Welcome")
        case .origin: (origin(2, "二。"), nil)  // a sentence, not a notice
        case .translation: (translation(1, "ja-JP", "一。"), nil)
        case .ttsReady: (.ttsReady(TTSReady(sid: 1, language: "en-US", text: "One.", audio: "")), nil)
        case .paused: (.paused(message: "Back soon"), "paused: Back soon")
        case .resumed: (.resumed(message: nil), "resumed")
        case .ended: (.ended(message: "Thank you all"), "the broadcast has ended (Thank you all)")
        case .kicked: (.kicked(message: nil), "the host removed you from this broadcast")
        case .speakerRenamed: (.speakerRenamed(SpeakerRenamed(speakerID: "Guest-1", newLabel: "陳主任")), "speaker Guest-1 is now 陳主任")
        case .speakerReassigned: (.speakerReassigned(SpeakerReassigned(sid: 1, newSpeakerID: "Guest-2", newSpeakerLabel: "王經理")),
                                  "sentence #1 is now attributed to 王經理")
        case .speakersMerged: (.speakersMerged(SpeakersMerged(sourceSpeakerID: "Guest-1", targetSpeakerID: "Guest-2",
                                                              targetSpeakerLabel: "王經理")), "speaker Guest-1 merged into 王經理")
        case .recordingStarted: (.recordingStarted, "a new recording started (saved files keep every recording)")
        case .maxViewersChanged: (.maxViewersChanged(maxViewers: 50), "viewer limit: 50")
        case .accessTypeChanged: (.accessTypeChanged, "the host changed who may watch; reconnecting")
        case .passCodeChanged: (.passCodeChanged, "the host changed the password")
        case .standby: (.standby(LocalizedMessage(original: "請稍候", translations: ["en-US": "Please wait"])), "standby: Please wait")
        case .phaseChanged: (.phaseChanged(PhaseChanged(phase: .standby)), "phase: standby")
        case .announcement: (.announcement(LocalizedMessage(original: "休息", translations: ["en-US": "A break"])), "announcement: A break")
        case .error: (.error(ServerError(code: "rate_limited", message: "Slow down", severity: .warning)),
                      "warning rate_limited: Slow down")
        case .heartbeat: (.heartbeat, nil)
        }
    }

    @Test(arguments: EventCase.allCases)
    func everyEventSaysTheSameInBothViews(_ kind: EventCase) {
        let (event, says) = Self.sample(kind)
        #expect(Self.kind(of: event) == kind)
        var both = Both()
        both.send(.update(.items([.event(event)])))
        both.expectParity("\(kind)")
        if let says {
            #expect(both.newNotices.contains { $0.text == says }, "\(kind): \(both.newNotices.map(\.text))")
        } else {
            #expect(both.newNotices.isEmpty, "\(kind) says nothing, yet: \(both.newNotices.map(\.text))")
        }
    }

    // MARK: - The speech player

    enum SpeechCase: CaseIterable { case started, finished, notice, deviceUnavailable, deviceBack }

    static func kind(of event: SpeechPlayer.Event) -> SpeechCase {
        switch event {
        case .started: .started
        case .finished: .finished
        case .notice: .notice
        case .deviceUnavailable: .deviceUnavailable
        case .deviceBack: .deviceBack
        }
    }

    static func sample(_ kind: SpeechCase) -> (SpeechPlayer.Event, says: String?) {
        switch kind {
        case .started: (.started(SpeechQueue.Item(sid: 1, language: "en-US", text: "One.", durationMs: 500, audio: "", queuedAt: 1)), nil)
        case .finished: (.finished(sid: 1), nil)
        case .notice: (.notice("skipped sentence 4: its audio is not MP3"), "skipped sentence 4: its audio is not MP3")
        case .deviceUnavailable: (.deviceUnavailable("audio unavailable: no device"), "audio unavailable: no device")
        case .deviceBack: (.deviceBack, "audio is back")
        }
    }

    @Test(arguments: SpeechCase.allCases)
    func everySpeechEventSaysTheSameInBothViews(_ kind: SpeechCase) {
        let (event, says) = Self.sample(kind)
        #expect(Self.kind(of: event) == kind)
        var both = Both(speech: true)
        both.send(.speech(event))
        both.expectParity("\(kind)")
        if let says {
            #expect(both.newNotices.contains { $0.text == says }, "\(kind): \(both.newNotices.map(\.text))")
        } else {
            #expect(both.newNotices.isEmpty, "\(kind) says nothing, yet: \(both.newNotices.map(\.text))")
        }
    }

    // MARK: - The drifts that were

    /// `--lang fr-FR` on a broadcast whose details named no languages: said in both views when the
    /// stream names them, and `l` goes to the first offered (it skipped it).
    @Test func aLanguageNotOfferedIsSaidInBothViewsAndLGoesToTheFirst() {
        var ui = ViewerUI(server: "https://vas.test", token: "a3f9", language: "fr-FR")
        ui.size.columns = 100
        var screen = ViewerApp(ui: ui)
        var plain = PlainView(app: ViewerApp(ui: ui))
        let connected = ViewerMessage.update(.items([.event(.connected(Connected(availableLanguages: ["en-US", "ja-JP"], phase: .live)))]))
        _ = screen.update(connected, now: 1)
        let lines = plain.take(connected, now: 1).lines
        let words = "fr-FR is not offered by this broadcast (it offers en-US, ja-JP): the original only; choose a language with --lang (l on the full screen)"
        #expect(screen.ui.notices.contains { $0.text == words && $0.level == .warning })
        #expect(screen.ui.currentMessage(now: 2)?.text == words)  // in the status bar too
        #expect(lines.contains("# " + words))
        #expect(screen.update(.key(.char("l")), now: 3) == [.selectLanguage("en-US")])
        // Said once, not at every reconnection.
        _ = screen.update(connected, now: 4)
        #expect(screen.ui.notices.filter { $0.text == words }.count == 1)
    }

    /// A rename and a merge are said on the full screen too (they were plain mode's only).
    @Test func renamesAndMergesAreSaidOnTheFullScreen() {
        var both = Both()
        both.send(.update(.items([.event(.speakerRenamed(SpeakerRenamed(speakerID: "Guest-1", newLabel: "陳主任")))])))
        #expect(both.screen.ui.currentMessage(now: 11)?.text == "speaker Guest-1 is now 陳主任")
        #expect(both.plainLines.contains("# speaker Guest-1 is now 陳主任"))
        both.expectParity("rename")
    }
}

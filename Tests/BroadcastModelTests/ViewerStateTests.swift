import Testing
import TestSupport
@testable import BroadcastModel

func viewer(_ events: [BroadcastEvent]) -> ViewerState {
    var state = ViewerState()
    for event in events { state.apply(event) }
    return state
}

let connectedStandby = BroadcastEvent.connected(Connected(
    availableLanguages: ["en-US", "ja-JP"], ttsLanguages: ["en-US"], phase: .standby, recognitionMode: .multiSpeaker))
let connectedLive = BroadcastEvent.connected(Connected(availableLanguages: ["en-US"], phase: .live))

@Suite struct ViewerStateTests {
    @Test func startsConnecting() {
        #expect(ViewerState().phase == .connecting)
    }

    @Test func connectedRecordsTheBroadcast() {
        let state = viewer([connectedStandby])
        #expect(state.phase == .standby)
        #expect(state.availableLanguages == ["en-US", "ja-JP"])
        #expect(state.ttsLanguages == ["en-US"])
        #expect(state.recognitionMode == .multiSpeaker)
        #expect(viewer([connectedLive]).phase == .live)
    }

    @Test func queueThenAdmittedIntoTheKnownPhase() {
        var state = viewer([connectedStandby, .queued(Queued(position: 3, estimatedWait: "About 2 minutes"))])
        #expect(state.phase == .queued(position: 3, estimatedWait: "About 2 minutes"))
        state.apply(.queued(Queued(position: 1)))
        #expect(state.phase == .queued(position: 1, estimatedWait: nil))
        // A standby message for a queued viewer is kept, but the queue screen stays.
        state.apply(.standby(LocalizedMessage(original: "稍候")))
        #expect(state.phase == .queued(position: 1, estimatedWait: nil))
        state.apply(.admitted(message: "Entered the live stream"))
        #expect(state.phase == .standby)
        #expect(state.standbyMessage?.original == "稍候")
    }

    @Test func admittedWithoutKnownPhase() {
        #expect(viewer([.queued(Queued(position: 2)), .admitted(message: nil)]).phase == .admitted)
    }

    @Test func standbyMessageInTheChosenLanguageElseOriginal() {
        let message = LocalizedMessage(original: "即將開始", translations: ["en-US": "Starting soon", "ja-JP": "まもなく"])
        let state = viewer([connectedStandby, .standby(message)])
        #expect(state.standbyMessage?.text(in: "en-US") == "Starting soon")
        #expect(state.standbyMessage?.text(in: "ja") == "まもなく")
        #expect(state.standbyMessage?.text(in: "fr-FR") == "即將開始")
        #expect(state.standbyMessage?.text(in: nil) == "即將開始")
        // The host updates it live.
        let updated = viewer([connectedStandby, .standby(message), .standby(LocalizedMessage(original: "還有一分鐘"))])
        #expect(updated.standbyMessage?.text(in: "en-US") == "還有一分鐘")
    }

    @Test func phaseChangedToLive() {
        let state = viewer([connectedStandby, .phaseChanged(PhaseChanged(phase: .live, message: "Broadcast has started"))])
        #expect(state.phase == .live)
        #expect(state.broadcastPhase == .live)
        // A phase the document does not name changes nothing on screen.
        #expect(viewer([connectedLive, .phaseChanged(PhaseChanged(phase: .other("intermission")))]).phase == .live)
    }

    @Test func pauseAndResume() {
        var state = viewer([connectedLive, .paused(message: "Live stream is paused")])
        #expect(state.phase == .paused(message: "Live stream is paused"))
        state.apply(.resumed(message: nil))
        #expect(state.phase == .live)
        // Paused during standby resumes into standby.
        #expect(viewer([connectedStandby, .paused(message: nil), .resumed(message: nil)]).phase == .standby)
        // A stray resumed while live changes nothing.
        #expect(viewer([connectedStandby, .resumed(message: nil)]).phase == .standby)
    }

    @Test func endedAndKickedAreTerminalAndSignalStop() {
        var state = viewer([connectedLive])
        #expect(state.apply(.ended(message: "Broadcast has ended")) == .stop)
        state.apply(.phaseChanged(PhaseChanged(phase: .live)))
        state.apply(.paused(message: nil))
        state.apply(.queued(Queued(position: 1)))
        #expect(state.phase == .ended(message: "Broadcast has ended"))
        var kicked = viewer([connectedLive])
        #expect(kicked.apply(.kicked(message: "Removed by the host")) == .stop)
        #expect(kicked.phase == .kicked(message: "Removed by the host"))
        #expect(kicked.phase.isTerminal)
    }

    @Test func signalsForTheConnectionLayer() {
        var state = viewer([connectedLive])
        #expect(state.apply(.accessTypeChanged) == .reconnectRereadingInfo)
        #expect(state.apply(.passCodeChanged) == .reverifyPassword)
        #expect(state.apply(origin(1, "x")) == nil)
        #expect(state.phase == .live)
    }

    @Test func translationOutageIsShownUntilTranslationsFlow() {
        var state = viewer([connectedLive, .error(ServerError(code: "translation_service_unavailable",
                                                              message: "Translation service unavailable"))])
        #expect(state.translationOutage?.code == "translation_service_unavailable")
        #expect(state.phase == .live)
        state.apply(origin(1, "原文照常"))
        #expect(state.translationOutage != nil)
        state.apply(translation(1, "en-US", "back"))
        #expect(state.translationOutage == nil)
    }

    @Test func errorEventsByClass() {
        let ended = ServerError(code: "broadcast_session_ended", message: "Broadcast session ended")
        var state = viewer([connectedLive])
        #expect(state.apply(.error(ended)) == .stop)
        #expect(state.phase == .ended(message: "Broadcast session ended"))

        let fatal = ServerError(code: "something_new", message: "Boom", severity: .fatal)
        state = viewer([connectedLive])
        #expect(state.apply(.error(fatal)) == .stop)
        #expect(state.phase == .failed(fatal))

        let revoked = ServerError(code: "broadcast_token_revoked")
        #expect(viewer([connectedLive, .error(revoked)]).phase == .failed(revoked))

        let warning = ServerError(code: "stt_lag", message: "Lagging", severity: .warning)
        state = viewer([connectedLive, .error(warning)])
        #expect(state.phase == .live)
        #expect(state.lastError == warning)

        let sentence = ServerError(code: "llm_content_filtered", sid: 3, translationLanguage: "ja")
        #expect(viewer([connectedLive, .error(sentence)]) == viewer([connectedLive]))
    }

    @Test func maxViewersAnnouncementsAndHeartbeats() {
        let state = viewer([connectedLive, .maxViewersChanged(maxViewers: 200), .heartbeat, .heartbeat,
                            .announcement(LocalizedMessage(original: "五分鐘後結束", translations: ["en-US": "Ends in 5"]))])
        #expect(state.maxViewers == 200)
        #expect(state.heartbeats == 2)
        #expect(state.announcements.map { $0.text(in: "en-US") } == ["Ends in 5"])
    }

    @Test func textWithoutConnectedMeansLive() {
        #expect(viewer([origin(1, "x")]).phase == .live)
        #expect(viewer([connectedStandby, origin(1, "mic test")]).phase == .standby)
    }

    @Test func aNewConnectionStartsAfresh() {
        let state = viewer([connectedLive, .kicked(message: nil), connectedStandby])
        #expect(state.phase == .standby)
    }
}

/// The assumptions of ../shared/docs/api-gaps.md, pinned: changing one must be deliberate.
@Suite struct AssumptionsArePinned {
    @Test func values() {
        #expect(VASAssumptions.defaultServer == "https://vas-poc.vurbo.ai")
        #expect(VASAssumptions.defaultVerifyPath == "/api/v1/viewer/broadcasts/{token}/verify")
        #expect(VASAssumptions.infoPathPrefix == "/api/v1/viewer/broadcasts/")
        #expect(VASAssumptions.silenceTimeout == .seconds(45))
        #expect(VASAssumptions.missedSentences(after: 4, before: 7) == 5...6)
        #expect(VASAssumptions.missedSentences(after: 4, before: 5) == nil)
        #expect(VASAssumptions.missedSentences(after: 4, before: 3) == nil)
        #expect(VASAssumptions.heartbeatInterval == .seconds(15))
        #expect(VASAssumptions.backoffInitial == .seconds(1))
        #expect(VASAssumptions.backoffCap == .seconds(30))
        #expect(VASAssumptions.passwordAttempts == 3)
        #expect(VASAssumptions.passwordRetryDefault == .seconds(30))
    }

    @Test func tokens() {
        #expect(VASAssumptions.isValidToken("a3f9"))
        #expect(!VASAssumptions.isValidToken("A3F9"))
        #expect(!VASAssumptions.isValidToken("a3f"))
        #expect(!VASAssumptions.isValidToken("a3f9x"))
        #expect(!VASAssumptions.isValidToken("a-f9"))
        #expect(!VASAssumptions.isValidToken("ａ3f9"))
    }

    @Test func errorClasses() {
        #expect(VASAssumptions.classify(ServerError(code: "x", sid: 1)) == .sentence)
        #expect(VASAssumptions.classify(ServerError(code: "translation_service_unavailable")) == .translationOutage)
        #expect(VASAssumptions.classify(ServerError(code: "broadcast_session_ended")) == .ended)
        #expect(VASAssumptions.classify(ServerError(code: "broadcast_token_revoked")) == .fatal)
        #expect(VASAssumptions.classify(ServerError(code: "broadcast_session_not_found")) == .fatal)
        #expect(VASAssumptions.classify(ServerError(code: "other", severity: .fatal)) == .fatal)
        #expect(VASAssumptions.classify(ServerError(code: "other", severity: .warning)) == .notice)
    }
}

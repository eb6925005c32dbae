import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

@Suite(.timeLimit(.minutes(1))) struct ReplaySourceTests {
    /// Everything the source says, to the end.
    func collect(_ source: ReplaySource, after start: @escaping @Sendable () async -> Void = {}) async -> [SessionUpdate] {
        let run = Task { await source.run() }
        var updates: [SessionUpdate] = []
        for await update in source.updates {
            updates.append(update)
            if case .connected = update { await start() }
        }
        _ = await run.value
        return updates
    }

    func recording(_ lines: [String]) -> [UInt8] { Array(lines.joined().utf8) }
    let origin = "event: origin\ndata: {\"sid\":1,\"text\":\"a\",\"is_final\":true}\n\n"
    let ended = "event: ended\ndata: {\"message\":\"bye\"}\n\n"

    @Test func everyEventInOrderThenTheEnd() async {
        let source = ReplaySource(recording: .held(recording([origin, ":@reconnect\n", origin.replacingOccurrences(of: "1", with: "2"), ended])), speed: 1)
        let updates = await collect(source)
        let sids = updates.compactMap { update -> Int? in
            if case .items(let items) = update, case .event(.origin(let o)) = items.first { return o.sid }
            return nil
        }
        #expect(sids == [1, 2])
        #expect(updates.last == .finished(.ended("bye")))
    }

    /// A fatal error ends a replay as it ends the live stream: nothing after it is shown
    /// (the replay source used to read on, and end with "end of the recording").
    @Test func aFatalErrorEndsTheReplayAsItEndsTheStream() async {
        let fatal = "event: error\ndata: {\"error_code\":\"internal_error\",\"message\":\"Boom\",\"severity\":\"fatal\"}\n\n"
        let after = origin.replacingOccurrences(of: "1", with: "2")
        let updates = await collect(ReplaySource(recording: .held(recording([origin, fatal, after])), speed: 64))
        #expect(updates.last == .finished(.failed("the server reported a fatal error: internal_error (Boom)")))
        let sids = updates.compactMap { update -> Int? in
            if case .items(let items) = update, case .event(.origin(let o)) = items.first { return o.sid }
            return nil
        }
        #expect(sids == [1])
        #expect(RecordingReader.items(recording([origin, fatal, after])).count == 2)
        #expect(RecordingReader.items(recording([origin, ":@reconnect\n", after])).count == 3)  // the reconnection between them
    }

    @Test func everyWayTheBroadcastEndsForTheViewer() {
        #expect(SessionOutcome(endingAt: .ended(message: "bye")) == .ended("bye"))
        #expect(SessionOutcome(endingAt: .kicked(message: nil)) == .kicked(nil))
        #expect(SessionOutcome(endingAt: .error(ServerError(code: "broadcast_session_ended", message: "Over", severity: .error))) == .ended("Over"))
        #expect(SessionOutcome(endingAt: .error(ServerError(code: "broadcast_token_revoked", message: nil, severity: .error)))
                == .unavailable("broadcast_token_revoked"))
        #expect(SessionOutcome(endingAt: .error(ServerError(code: "stt_degraded", message: nil, severity: .warning))) == nil)
        #expect(SessionOutcome(endingAt: .error(ServerError(code: "llm_failed", message: nil, severity: .fatal, sid: 3))) == nil)
        #expect(SessionOutcome(endingAt: .heartbeat) == nil)
    }

    @Test func aRecordingCutShortSaysSo() async {
        let updates = await collect(ReplaySource(recording: .held(recording([origin])), speed: 1))
        #expect(updates.last == .finished(.ended("end of the recording")))
    }

    /// Paused before the first event, it waits; a change of pace wakes it (else this never ends).
    @Test func pausedWaitsUntilResumed() async {
        let source = ReplaySource(recording: .held(recording([":@t=0.000\n", origin, ":@t=30.000\n", ended])), speed: 1)
        await source.pace(.init(speed: 1, paused: true))
        let updates = await collect(source) {
            await source.pace(.init(speed: 64, paused: false))
        }
        #expect(updates.last == .finished(.ended("bye")))
    }

    /// Stopping wakes a pause at once.
    @Test func cancellingAPausedReplayStopsIt() async {
        let source = ReplaySource(recording: .held(recording([origin, ended])), speed: 1)
        await source.pace(.init(speed: 1, paused: true))
        let run = Task { await source.run() }
        for await update in source.updates {
            if case .connected = update { run.cancel() }
        }
        #expect(await run.value == .stopped)
    }
}

import Testing
import TestSupport
@testable import BroadcastModel

/// Issue "Nothing silent", A.6 (state): a queued viewer stays queued through a new connection until admitted.
@Suite struct QueuedStaysQueuedTests {
    @Test func connectedDoesNotAdmit() {
        var state = ViewerState()
        state.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live)))
        state.apply(.queued(Queued(position: 2, estimatedWait: "About 2 minutes")))
        state.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live)))  // a reconnection
        #expect(state.phase == .queued(position: 2, estimatedWait: "About 2 minutes"))
        state.apply(.admitted(message: nil))
        #expect(state.phase == .live)
    }

    @Test func textFlowingMeansAdmitted() {
        var state = ViewerState()
        state.apply(.queued(Queued(position: 1)))
        state.apply(origin(1, "a"))
        #expect(state.phase == .live)
    }
}

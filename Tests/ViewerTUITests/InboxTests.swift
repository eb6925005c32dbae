import Synchronization
import Testing
import BroadcastCore
@testable import BroadcastModel
@testable import ViewerTUI

/// The full screen says it has taken each session update as its loop drains them, so that a
/// live session reads on (`FlowGate`); a screen that never said so would stop a busy broadcast.
@Suite struct InboxTests {
    @Test func drainingTellsTheSourceOfEveryUpdateTakenAndNothingElse() {
        let taken = Mutex<[SessionUpdate]>([])
        let inbox = Inbox(taken: { update in taken.withLock { $0.append(update) } })
        inbox.push(.update(.items([.reconnected])))
        inbox.push(.note("hello", .info))
        inbox.push(.update(.connected))
        #expect(taken.withLock { $0 }.isEmpty, "taken before the loop drained it")
        let (arrivals, _) = inbox.drain()
        #expect(arrivals.count == 3)
        #expect(taken.withLock { $0 } == [.items([.reconnected]), .connected])
    }
}

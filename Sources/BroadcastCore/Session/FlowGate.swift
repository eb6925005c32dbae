import Synchronization

/// Stream items handed to the front end and not yet taken by it. The connection reader waits
/// while `limit` or more are outstanding, so a server faster than the viewer fills the
/// transport's buffer of bytes (compact), not memory with decoded events: 100,000 events in a
/// burst were about 40 MB more while a busy machine left the viewer behind.
/// The front end says what it has taken (`BroadcastSession.taken`); a consumer that never does
/// holds the stream after `limit` items, which the tests would see at once.
public final class FlowGate: Sendable {
    public let limit: Int
    private let state = Mutex(State())

    private struct State {
        var outstanding = 0
        var waiter: CheckedContinuation<Void, Never>?
    }

    public init(limit: Int) {
        self.limit = limit
    }

    /// Items handed on.
    func handedOn(_ count: Int) {
        state.withLock { $0.outstanding += count }
    }

    /// Items the front end has taken: a waiting reader goes on once fewer than `limit` remain.
    public func taken(_ count: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.outstanding = max(0, state.outstanding - count)
            guard state.outstanding < limit else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// How many items are outstanding now.
    public var outstanding: Int { state.withLock { $0.outstanding } }

    /// A reader is waiting (for the tests).
    var isHoldingAReader: Bool { state.withLock { $0.waiter != nil } }

    /// Returns at once while fewer than `limit` are outstanding; else when enough are taken, or
    /// when the task is cancelled. One reader at a time.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.outstanding < limit || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}

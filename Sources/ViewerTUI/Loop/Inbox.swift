import BroadcastCore
import FoundationEssentials
import BroadcastModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What reaches the UI thread from elsewhere (session updates, speech events, what the
/// autosave journal did, signals), in order, with a pipe whose read end wakes its `poll`.
public final class Inbox: Sendable {
    public typealias Arrival = ViewerMessage

    private let state = Mutex(State())

    private struct State {
        var arrivals: [Arrival] = []
        /// When the oldest session update not yet drawn arrived (for the latency trace).
        var oldestUpdate: ContinuousClock.Instant?
    }
    public let wakeFD: Int32
    private let writeFD: Int32
    /// Told of each session update as the loop takes it (the loop applies all it drained before
    /// it drains again), so that the source reads on (`ViewerSource.taken`).
    private let taken: @Sendable (SessionUpdate) -> Void

    public init(taken: @escaping @Sendable (SessionUpdate) -> Void = { _ in }) {
        self.taken = taken
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(wakeFD)
        close(writeFD)
    }

    public func push(_ arrival: Arrival) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.arrivals.append(arrival)
            if case .update = arrival, state.oldestUpdate == nil { state.oldestUpdate = now }
        }
        wake()
    }

    public func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Everything waiting, in order, and when the oldest update arrived; empties the wake pipe.
    public func drain() -> (arrivals: [Arrival], since: ContinuousClock.Instant?) {
        var sink = [UInt8](repeating: 0, count: 256)
        while read(wakeFD, &sink, sink.count) > 0 {}
        let drained = state.withLock { state in
            defer { state.arrivals.removeAll(keepingCapacity: true); state.oldestUpdate = nil }
            return (state.arrivals, state.oldestUpdate)
        }
        for case .update(let update) in drained.0 { taken(update) }
        return drained
    }
}

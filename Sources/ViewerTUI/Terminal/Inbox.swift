import BroadcastCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What reaches the UI thread from elsewhere (session updates, password
/// prompts, signals), with a pipe whose read end wakes its `poll`.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var updates: [SessionUpdate] = []
    private var speech: [SpeechPlayer.Event] = []
    /// When the oldest update not yet drawn arrived (for the latency trace).
    private var oldestArrival: ContinuousClock.Instant?
    private var prompts: [(String, CheckedContinuation<String?, Never>)] = []
    let wakeFD: Int32
    private let writeFD: Int32

    init() {
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

    func push(_ update: SessionUpdate) {
        let now = ContinuousClock.now
        lock.withLock {
            updates.append(update)
            if oldestArrival == nil { oldestArrival = now }
        }
        wake()
    }

    func push(_ event: SpeechPlayer.Event) {
        lock.withLock { speech.append(event) }
        wake()
    }

    func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    struct Drained {
        var updates: [SessionUpdate]
        var speech: [SpeechPlayer.Event]
        var prompts: [(String, CheckedContinuation<String?, Never>)]
        /// When the oldest update arrived.
        var since: ContinuousClock.Instant?
    }

    /// Everything waiting; empties the wake pipe.
    func drain() -> Drained {
        var sink = [UInt8](repeating: 0, count: 256)
        while read(wakeFD, &sink, sink.count) > 0 {}
        return lock.withLock {
            defer { updates.removeAll(keepingCapacity: true); speech.removeAll(); prompts.removeAll(); oldestArrival = nil }
            return Drained(updates: updates, speech: speech, prompts: prompts, since: oldestArrival)
        }
    }

    /// Asks for a password through the UI thread, which leaves curses to prompt.
    func askPassword(_ prompt: String) async -> String? {
        await withCheckedContinuation { continuation in
            lock.withLock { prompts.append((prompt, continuation)) }
            wake()
        }
    }
}

/// While the full-screen viewer runs, terminal prompts go through its thread.
enum PromptRouter {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var inbox: Inbox?

    static func route(to inbox: Inbox?) {
        lock.withLock { Self.inbox = inbox }
    }

    static var current: Inbox? { lock.withLock { inbox } }
}

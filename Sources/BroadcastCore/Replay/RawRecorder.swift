import FoundationEssentials
import BroadcastModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `--record-raw FILE`: the exact bytes received, for `replay` and bug reports.
///
/// Two kinds of comment lines are added, which every SSE reader ignores:
/// `:@t=SECONDS` (at line boundaries, at most ten a second) so that replay can
/// keep the pace, and `:@reconnect` where one connection ended and the next
/// began, so that an event cut off by a drop is not glued to the next one.
/// Response bytes only: the request URL, and so the access token, is never written.
///
/// Never truncates: the recording goes to a new file beside the target (0600, or the mode
/// of the file it will replace), put in place (`SavedFile`: synced, renamed, the folder
/// synced) as soon as it is worth keeping — once bytes arrive for a new file, once something
/// said arrives when it replaces an earlier one — and from then on the target itself grows.
/// When nothing worth keeping is received (an unreachable server, an ended broadcast, a wrong
/// token, a queue left before the start), the new file is removed and an earlier recording of
/// that name is left exactly as it was. A device or a pipe (`/dev/null`) is written as it is.
public final class RawRecorder: RawSink, Sendable {
    private let path: String
    private let temporary: String
    /// Whether an earlier file is to be replaced.
    private let replacing: Bool
    private let start = ContinuousClock.now
    private let state: Mutex<State>

    /// The descriptor, and what has happened so far: bytes received, whether something said
    /// came, and whether the file is in place (at `path`) yet.
    private struct State {
        var fd: Int32
        var failure: String?
        var received = 0
        var words = false
        var placed = false
        var closed = false
        var failureSaid = false
        var lastStamp: Duration = .seconds(-1)
        var lastByte: UInt8 = 0x0A
    }

    /// The first write error (a full disk): recording stops, the viewing goes on.
    public var failure: String? { state.withLock { $0.failure } }

    /// What became of the recording, for the front end to say.
    public enum Outcome: Equatable, Sendable {
        /// Kept in the file asked for.
        case kept(String)
        /// Nothing worth keeping was received: the file asked for is as it was (or was never made).
        case nothingReceived(String)
        /// Writing failed; what was written before is kept where it says.
        case failed(String)
    }

    public init(path given: String) throws {
        let path = SavedFile.target(of: given)
        self.path = path
        var info = stat()
        let exists = stat(path, &info) == 0
        if let device = try SavedFile.openAsItIs(path, code: ExitStatus.usage) {
            temporary = path
            replacing = false
            state = Mutex(State(fd: device, placed: true))
            return
        }
        let fd: Int32
        do {
            (temporary, fd) = try SavedFile.create(beside: path)
        } catch let error as UserFacingError {
            throw UserFacingError(message: error.message, code: ExitStatus.usage)
        }
        replacing = exists
        if exists { SavedFile.keepOwnership(fd, of: info) }  // it will replace that file: its mode and owner
        state = Mutex(State(fd: fd))
    }

    /// Call with the lock held.
    private func write(_ bytes: [UInt8], _ state: inout State) {
        guard state.failure == nil, !state.closed else { return }
        if let code = bytes.withUnsafeBytes({ FileIO.writeAll(state.fd, $0) }) {
            state.failure = "cannot write '\(state.placed ? path : temporary)': \(String(cString: strerror(code)))"
        }
    }

    public func received(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        state.withLock { state in
            let now = ContinuousClock.now - start
            var out: [UInt8] = []
            if state.lastByte == 0x0A, now - state.lastStamp >= .milliseconds(100) {
                state.lastStamp = now
                out += Array(ReplayTiming.timestampComment(seconds: now.inSeconds).utf8)
            }
            out += bytes
            state.lastByte = bytes[bytes.count - 1]
            state.received += bytes.count
            write(out, &state)
            placeIfWorthKeeping(&state)
        }
    }

    public func wordsArrived() {
        state.withLock { state in
            state.words = true
            placeIfWorthKeeping(&state)
        }
    }

    public func connectionEnded() {
        state.withLock { state in
            // A CR then this LF is one line end; anything else is cut at a line end first.
            let marker = (state.lastByte == 0x0A ? "" : "\n") + ":@reconnect\n"
            write(Array(marker.utf8), &state)
            state.lastByte = 0x0A
            placeIfWorthKeeping(&state)
        }
    }

    /// Call with the lock held. Once worth keeping, the file is put in place; the descriptor
    /// then names the target itself, so what comes later grows it.
    private func placeIfWorthKeeping(_ state: inout State) {
        guard !state.placed, state.received > 0, state.words || !replacing, state.failure == nil else { return }
        if fsync(state.fd) != 0 || rename(temporary, path) != 0 {
            state.failure = "cannot put the recording in place at '\(path)': \(String(cString: strerror(errno))); it is kept in '\(temporary)'"
            return
        }
        SavedFile.syncFolder(of: path)
        state.placed = true
    }

    public func takeNewFailure() -> String? {
        state.withLock { state in
            guard let failure = state.failure, !state.failureSaid else { return nil }
            state.failureSaid = true
            return failure
        }
    }

    /// Ends the recording: in place if anything came, else removed. Says what became of it.
    @discardableResult
    public func close() -> Outcome {
        state.withLock { state in
            if state.closed { return outcome(state) }
            placeIfWorthKeeping(&state)
            state.closed = true
            fsync(state.fd)
            var info = stat()
            let empty = fstat(state.fd, &info) == 0 && info.st_size == 0
            _ = Glibc.close(state.fd)
            if !state.placed, state.failure == nil || empty { unlink(temporary) }
            if !state.placed, let reason = state.failure {
                // Not in place: what was written stays beside the target, or nothing was.
                state.failure = empty ? "\(reason); nothing could be written, and \(path) was left as it was"
                    : "\(reason); what was recorded is in \(temporary), and \(path) was left as it was"
            }
            return outcome(state)
        }
    }

    /// Call with the lock held.
    private func outcome(_ state: State) -> Outcome {
        if let failure = state.failure { return .failed(failure) }
        return state.placed ? .kept(path) : .nothingReceived(path)
    }
}

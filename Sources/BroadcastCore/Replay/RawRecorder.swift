import FoundationEssentials
import BroadcastModel
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
public final class RawRecorder: RawSink, @unchecked Sendable {
    private var fd: Int32
    private let lock = Lock()
    /// The first write error (a full disk): recording stops, the viewing goes on.
    public private(set) var failure: String?
    private let path: String
    private let temporary: String
    /// Bytes received, whether something said came, whether an earlier file is to be replaced,
    /// and whether the file is in place (at `path`) yet.
    private var received = 0
    private var words = false
    private let replacing: Bool
    private var placed = false
    private var closed = false
    private var failureSaid = false
    private let start = ContinuousClock.now
    private var lastStamp: Duration = .seconds(-1)
    private var lastByte: UInt8 = 0x0A

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
            fd = device
            temporary = path
            replacing = false
            placed = true
            return
        }
        do {
            (temporary, fd) = try SavedFile.create(beside: path)
        } catch let error as UserFacingError {
            throw UserFacingError(message: error.message, code: ExitStatus.usage)
        }
        replacing = exists
        if exists { SavedFile.keepOwnership(fd, of: info) }  // it will replace that file: its mode and owner
    }

    /// Call with the lock held.
    private func write(_ bytes: [UInt8]) {
        guard failure == nil, !closed else { return }
        if let code = bytes.withUnsafeBytes({ FileIO.writeAll(fd, $0) }) {
            failure = "cannot write '\(placed ? path : temporary)': \(String(cString: strerror(code)))"
        }
    }

    public func received(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        lock.withLock {
            let now = ContinuousClock.now - start
            var out: [UInt8] = []
            if lastByte == 0x0A, now - lastStamp >= .milliseconds(100) {
                lastStamp = now
                out += Array(ReplayTiming.timestampComment(seconds: now.inSeconds).utf8)
            }
            out += bytes
            lastByte = bytes[bytes.count - 1]
            received += bytes.count
            write(out)
            placeIfWorthKeeping()
        }
    }

    public func wordsArrived() {
        lock.withLock {
            words = true
            placeIfWorthKeeping()
        }
    }

    public func connectionEnded() {
        lock.withLock {
            // A CR then this LF is one line end; anything else is cut at a line end first.
            let marker = (lastByte == 0x0A ? "" : "\n") + ":@reconnect\n"
            write(Array(marker.utf8))
            lastByte = 0x0A
            placeIfWorthKeeping()
        }
    }

    /// Call with the lock held. Once worth keeping, the file is put in place; the descriptor
    /// then names the target itself, so what comes later grows it.
    private func placeIfWorthKeeping() {
        guard !placed, received > 0, words || !replacing, failure == nil else { return }
        if fsync(fd) != 0 || rename(temporary, path) != 0 {
            failure = "cannot put the recording in place at '\(path)': \(String(cString: strerror(errno))); it is kept in '\(temporary)'"
            return
        }
        SavedFile.syncFolder(of: path)
        placed = true
    }

    public func takeNewFailure() -> String? {
        lock.withLock {
            guard let failure, !failureSaid else { return nil }
            failureSaid = true
            return failure
        }
    }

    /// Ends the recording: in place if anything came, else removed. Says what became of it.
    @discardableResult
    public func close() -> Outcome {
        lock.withLock {
            if closed { return outcome }
            placeIfWorthKeeping()
            closed = true
            fsync(fd)
            var info = stat()
            let empty = fstat(fd, &info) == 0 && info.st_size == 0
            _ = Glibc.close(fd)
            if !placed, failure == nil || empty { unlink(temporary) }
            if !placed, let reason = failure {
                // Not in place: what was written stays beside the target, or nothing was.
                failure = empty ? "\(reason); nothing could be written, and \(path) was left as it was"
                    : "\(reason); what was recorded is in \(temporary), and \(path) was left as it was"
            }
            return outcome
        }
    }

    /// Call with the lock held.
    private var outcome: Outcome {
        if let failure { return .failed(failure) }
        return placed ? .kept(path) : .nothingReceived(path)
    }
}

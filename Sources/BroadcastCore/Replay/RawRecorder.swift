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
public final class RawRecorder: RawSink, @unchecked Sendable {
    private let fd: Int32
    private let lock = Lock()
    /// The first write error (a full disk): recording stops, the viewing goes on.
    public private(set) var failure: String?
    private let path: String
    private let start = ContinuousClock.now
    private var lastStamp: Duration = .seconds(-1)
    private var lastByte: UInt8 = 0x0A

    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw UserFacingError(message: "cannot write '\(TextSanitizer.clean(path))': \(String(cString: strerror(errno))).", code: ExitStatus.usage)
        }
        self.fd = fd
        self.path = path
    }

    /// Call with the lock held.
    private func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        if let code = bytes.withUnsafeBytes({ FileIO.writeAll(fd, $0) }) {
            failure = "cannot write '\(path)': \(String(cString: strerror(code)))"
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
            write(out)
        }
    }

    public func connectionEnded() {
        lock.withLock {
            // A CR then this LF is one line end; anything else is cut at a line end first.
            let marker = (lastByte == 0x0A ? "" : "\n") + ":@reconnect\n"
            write(Array(marker.utf8))
            lastByte = 0x0A
        }
    }

    public func close() {
        lock.withLock { _ = Glibc.close(fd) }
    }
}

import Foundation

/// `--record-raw FILE`: the exact bytes received, for `replay` and bug reports.
///
/// Two kinds of comment lines are added, which every SSE reader ignores:
/// `:@t=SECONDS` (at line boundaries, at most ten a second) so that replay can
/// keep the pace, and `:@reconnect` where one connection ended and the next
/// began, so that an event cut off by a drop is not glued to the next one.
/// Response bytes only: the request URL, and so the access token, is never written.
public final class RawRecorder: RawSink, @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var lastStamp: Duration = .seconds(-1)
    private var lastByte: UInt8 = 0x0A

    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        self.handle = handle
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
            handle.write(Data(out))
        }
    }

    public func connectionEnded() {
        lock.withLock {
            // A CR then this LF is one line end; anything else is cut at a line end first.
            let marker = (lastByte == 0x0A ? "" : "\n") + ":@reconnect\n"
            handle.write(Data(marker.utf8))
            lastByte = 0x0A
        }
    }

    public func close() {
        lock.withLock { try? handle.close() }
    }
}

import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Text for a file descriptor, sent 64 KiB at a time. After a write fails, the rest is
/// dropped and `flush` keeps returning that error (errno).
open class BufferedWriter {
    public let fd: Int32
    private var buffer: [UInt8] = []
    /// The first write error (errno); nothing is written after it.
    public private(set) var failure: Int32?

    public init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    /// Text as it is, without a line break added.
    public func write(piece: String) {
        buffer.append(contentsOf: piece.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// A line: the text and a line break.
    public func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(_ lines: [String]) {
        for line in lines { write(line) }
    }

    @discardableResult
    open func flush() -> Int32? {
        if failure == nil { failure = buffer.withUnsafeBytes { FileIO.writeAll(fd, $0) } }
        buffer.removeAll(keepingCapacity: true)
        return failure
    }
}

import FoundationEssentials
import BroadcastCore
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// `VAS_VIEW_TRACE=FILE`: one line per frame of the real path, for
/// docs/performance.md — how long from an event's arrival (or a key press)
/// to the frame on screen, and from start-up to the first frame.
public final class LatencyTrace {
    private let fd: Int32
    private var first = true

    public static func fromEnvironment() -> LatencyTrace? {
        guard let path = ProcessInfo.processInfo.environment["VAS_VIEW_TRACE"], !path.isEmpty else { return nil }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, FileIO.privateFile)
        return fd >= 0 ? LatencyTrace(fd: fd) : nil
    }

    private init(fd: Int32) {
        self.fd = fd
    }

    /// Called right after a frame reached the terminal.
    public func frame(eventsArrived: ContinuousClock.Instant?, keysRead: ContinuousClock.Instant?) {
        let now = ContinuousClock.now
        var lines = ""
        if first {
            first = false
            lines += "first-frame-ms \(Self.ms(now - Program.started))\n"
        }
        if let eventsArrived { lines += "event-ms \(Self.ms(now - eventsArrived))\n" }
        if let keysRead { lines += "key-ms \(Self.ms(now - keysRead))\n" }
        if !lines.isEmpty { _ = Array(lines.utf8).withUnsafeBytes { FileIO.writeAll(fd, $0) } }
    }

    private static func ms(_ duration: Duration) -> String {
        let value = duration.inSeconds * 1000
        return Decimals.fixed(value, places: 3)
    }
}

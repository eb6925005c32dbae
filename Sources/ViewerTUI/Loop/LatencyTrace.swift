import Foundation
import BroadcastModel

/// `VAS_VIEW_TRACE=FILE`: one line per frame of the real path, for
/// docs/performance.md — how long from an event's arrival (or a key press)
/// to the frame on screen, and from start-up to the first frame.
public final class LatencyTrace {
    private let handle: FileHandle
    private var first = true

    public static func fromEnvironment() -> LatencyTrace? {
        guard let path = ProcessInfo.processInfo.environment["VAS_VIEW_TRACE"], !path.isEmpty,
              FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { return nil }
        return LatencyTrace(handle: handle)
    }

    private init(handle: FileHandle) {
        self.handle = handle
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
        if !lines.isEmpty { handle.write(Data(lines.utf8)) }
    }

    private static func ms(_ duration: Duration) -> String {
        let value = duration.inSeconds * 1000
        return String(format: "%.3f", value)
    }
}

import BroadcastCore
import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Messages for the person at the terminal, on standard error.
public enum Diagnostics {
    /// While the full-screen viewer owns the terminal, warnings go to the log only.
    nonisolated(unsafe) static var screenOwned = false

    public static func warning(_ message: String) {
        if Log.file != nil { Log.viewer.warning("\(message)") }
        if !screenOwned { writeStandardError("vas-view: warning: \(message)\n") }
    }

    private static let lock = Lock()
    nonisolated(unsafe) private static var repeats: [String: Int] = [:]

    /// A warning that input may repeat without end (100,000 unknown events): said the
    /// first three times, then at 10, 100, 1,000 … with the count, never a flood.
    public static func repeatedWarning(_ message: String) {
        let count = lock.withLock { () -> Int in
            if repeats.count > 10_000 { repeats.removeAll() }
            repeats[message, default: 0] += 1
            return repeats[message]!
        }
        if count <= 3 {
            warning(message)
        } else if isPowerOfTen(count) {
            warning("\(message) (\(count) times so far)")
        }
    }

    private static func isPowerOfTen(_ n: Int) -> Bool {
        var n = n
        while n >= 10, n % 10 == 0 { n /= 10 }
        return n == 1
    }

    /// Where something was kept and the like: worth a line, not a warning.
    public static func info(_ message: String) {
        if Log.file != nil { Log.viewer.info("\(message)") }
        if !screenOwned { writeStandardError("vas-view: \(message)\n") }
    }

    public static func error(_ message: String) {
        if Log.file != nil { Log.viewer.error("\(message)") }
        if !screenOwned { writeStandardError("vas-view: \(message)\n") }
    }

    /// Standard error with write(2): a closed pipe (`2>&1 | head`) loses the words, never the
    /// program (Foundation's FileHandle.write traps on an error).
    public static func writeStandardError(_ text: String) {
        var text = text
        _ = text.withUTF8 { FileIO.writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}

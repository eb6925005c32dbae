import BroadcastCore
import BroadcastModel
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Messages for the person at the terminal, on standard error.
public enum Diagnostics {
    /// While the full-screen viewer owns the terminal, warnings go to the log only.
    static var screenOwned: Bool {
        get { owned.load(ordering: .acquiring) }
        set { owned.store(newValue, ordering: .releasing) }
    }
    private static let owned = Atomic(false)

    public static func warning(_ message: String) {
        if Log.file != nil { Log.viewer.warning("\(message)") }
        if !screenOwned { writeStandardError("vas-view: warning: \(message)\n") }
    }

    /// A notice of the viewer (`ViewerUI.note`): into the log, and on standard error when
    /// `standardError` (plain mode with its transcript redirected) and no screen is open.
    public static func record(_ notice: ViewerUI.Notice, standardError: Bool) {
        if Log.file != nil {
            switch notice.level {
            case .info: Log.viewer.info("\(notice.text)")
            case .warning: Log.viewer.warning("\(notice.text)")
            case .error: Log.viewer.error("\(notice.text)")
            }
        }
        guard standardError, !screenOwned else { return }
        // A server's warning names its severity itself ("warning llm_content_filtered: …").
        let label = notice.level == .warning && !notice.text.hasPrefix("warning ") ? "warning: " : ""
        writeStandardError("vas-view: \(label)\(notice.text)\n")
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

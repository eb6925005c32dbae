import FoundationEssentials
import Logging
import BroadcastModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Secrets that must never reach a log line: the password and the access token
/// (registered by the session as soon as it has them), and any
/// `viewer_access_token=` in a URL. Applied to every message and metadata value.
public enum Redaction {
    private static let secrets = Mutex<Set<String>>([])

    public static func register(_ secret: String) {
        guard secret.count >= 3 else { return }  // too short to find without mangling other text
        secrets.withLock { _ = $0.insert(secret) }
    }

    public static func apply(_ text: String) -> String {
        var out = Endpoints.redacted(text)
        for secret in secrets.withLock({ $0 }) where out.contains(secret) {
            out = out.replacing(secret, with: "[REDACTED]")
        }
        return out
    }
}

/// The log file: one line per message, appended, redacted, free of terminal controls.
public final class LogFile: Sendable {
    public let path: String
    private let fd: Int32
    /// Held while a line is written, so that lines from different threads never mix.
    private let writing = Mutex(())

    /// Keeps the previous log as `.1` once it passes this size.
    public static let rotateAt = 10 << 20

    public init(path: String) throws(JournalError) {
        self.path = path
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > Self.rotateAt {
            _ = rename(path, path + ".1")
        }
        fd = try FileIO.openForAppend(path, what: "the log")
    }

    deinit { close(fd) }

    /// `$XDG_STATE_HOME/vas-view/vas-view.log`.
    public static func defaultPath(environment: [String: String]) -> String {
        XDG.stateFolder(environment: environment) + "/vas-view.log"
    }

    /// The descriptor, for sending standard error here while the full-screen viewer runs.
    public var descriptor: Int32 { fd }

    public func write(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) {
        var line = UTCTime.now.iso8601 + " " + level.rawValue.uppercased() + " " + label + ": " + message
        if !metadata.isEmpty {
            line += " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        let clean = TextSanitizer.clean(Redaction.apply(line)) + "\n"
        var bytes = clean
        writing.withLock { _ in
            _ = bytes.withUTF8 { FileIO.writeAll(fd, UnsafeRawBufferPointer($0)) }
        }
    }
}

/// swift-log's handler for the log file.
public struct FileLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let file: LogFile

    public init(label: String, file: LogFile, level: Logger.Level) {
        self.label = label
        self.file = file
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        file.write(level: event.level, label: label, message: event.message.description, metadata: all)
    }
}

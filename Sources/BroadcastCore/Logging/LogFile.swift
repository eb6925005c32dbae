import Foundation
import Logging
#if canImport(Glibc)
import Glibc
import BroadcastModel
#endif

/// Secrets that must never reach a log line: the password and the access token
/// (registered by the session as soon as it has them), and any
/// `viewer_access_token=` in a URL. Applied to every message and metadata value.
public enum Redaction {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var secrets: Set<String> = []

    public static func register(_ secret: String) {
        guard secret.count >= 3 else { return }  // too short to find without mangling other text
        lock.withLock { _ = secrets.insert(secret) }
    }

    public static func apply(_ text: String) -> String {
        var out = Endpoints.redacted(text)
        for secret in lock.withLock({ secrets }) where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "[REDACTED]")
        }
        return out
    }
}

/// The log file: one line per message, appended, redacted, free of terminal controls.
public final class LogFile: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let lock = NSLock()

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
        lock.withLock {
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

/// This process's memory and CPU, for the log's last line, the soak and `make bench`.
public enum ProcessResources {
    /// One malloc arena for the whole process. glibc gives each thread that allocates its own
    /// arena; Swift tasks hop between the cooperative pool's threads, so the transcript ended
    /// up spread over several arenas, each holding freed holes the others cannot reuse: in the
    /// soak, 26 MB taken from the system for 15 MB in use. With one arena the same run ends
    /// 8–10 MB smaller (docs/robustness.md); the viewer has a handful of threads, and each
    /// keeps its small-allocation cache, so sharing the arena costs nothing measurable.
    public static func useOneMallocArena() {
        #if canImport(Glibc)
        // malloc.h is not part of Swift's Glibc module: look the function up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mArenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, 1)
        #endif
    }

    /// Resident memory now (VmRSS of /proc/self/status), in MB.
    public static var residentMB: Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return Double(line.filter(\.isNumber)).map { $0 / 1024 } ?? 0
    }

    /// The most resident memory so far, in MB, and user + system CPU seconds.
    public static var peakAndCPU: (peakMB: Int, cpuSeconds: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return (usage.ru_maxrss / 1024, cpu)
    }
}

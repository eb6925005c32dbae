import FoundationEssentials
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// Appends journal lines to a file. `record` writes them at once (one `write`, into the
/// page cache: microseconds), so whatever the viewer has shown is already in the file when
/// it is shown — a viewer killed with SIGKILL loses nothing it displayed. A thread of its
/// own then `fdatasync`s, so a pulled plug loses at most the last moment, and a flood costs
/// one sync per batch, not one per line. Nothing is ever truncated or deleted.
public final class JournalWriter: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let condition = Condition()
    /// Lines written since the last sync.
    private var unsynced = 0
    private var syncing = false
    private var closed = false
    private var threadDone = false
    private var failure: String?
    private var failureSaid = false
    private var written = 0

    /// Opens (creating the folder and the file if needed, mode 0600) and appends the header.
    public convenience init(path: String, header: String) throws(JournalError) {
        self.init(path: path, fd: try FileIO.openForAppend(path), header: header)
    }

    private init(path: String, fd: Int32, header: String) {
        self.path = path
        self.fd = fd
        append([header])
        let thread = Thread { [self] in run() }
        thread.name = "vas-view journal"
        thread.start()
    }

    /// Opens `path`, or if another running viewer is writing it (two viewers of one broadcast
    /// at once: their lines would interleave), the first of `…-2.jsonl` … `…-9.jsonl` that no
    /// one is. The lock (`flock`) lasts as long as the file is open, and goes with the process.
    public static func openOwn(_ path: String, header: String) throws(JournalError) -> JournalWriter {
        for number in 1...9 {
            let candidate = number == 1 ? path : numbered(path, number)
            let fd = try FileIO.openForAppend(candidate)
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return JournalWriter(path: candidate, fd: fd, header: header) }
            Glibc.close(fd)
        }
        throw JournalError(message: "nine other viewers are writing journals of this broadcast today")
    }

    /// `a3f9-2026-11-30.jsonl` → `a3f9-2026-11-30-2.jsonl`.
    public static func numbered(_ path: String, _ number: Int) -> String {
        guard path.hasSuffix(".jsonl") else { return "\(path)-\(number)" }
        return "\(path.dropLast(6))-\(number).jsonl"
    }

    /// The default place: `$XDG_STATE_HOME/vas-view/<token>-<YYYY-MM-DD>.jsonl`.
    public static func defaultPath(token: String, date: Date, environment: [String: String]) -> String {
        "\(XDG.stateFolder(environment: environment))/\(token)-\(UTCTime(date).localDay).jsonl"
    }

    /// Writes the journal line of each event worth keeping; the sync follows on the journal's thread.
    public func record(_ events: some Sequence<BroadcastEvent>, at date: UTCTime = .now) {
        record(items: events.map { StreamItem.event($0) }, at: date)
    }

    /// The same for stream items: events, and where a connection ended (so gaps are kept).
    public func record(items: some Sequence<StreamItem>, at date: UTCTime = .now) {
        let lines = items.compactMap { Journal.line(for: $0, at: date) }
        guard !lines.isEmpty else { return }
        append(lines)
    }

    private func append(_ lines: [String]) {
        var text = lines.joined(separator: "\n") + "\n"
        condition.withLock {
            guard !closed else { return }
            if let code = text.withUTF8({ FileIO.writeAll(fd, UnsafeRawBufferPointer($0)) }) {
                if failure == nil { failure = "cannot write '\(path)': \(String(cString: strerror(code)))" }
                return
            }
            written += lines.count
            unsynced += lines.count
            condition.broadcast()
        }
    }

    /// Blocks until everything written is synced to disk (tests, and before an export of the same file).
    public func flush() {
        condition.withLock {
            while unsynced > 0 || syncing { condition.wait() }
        }
    }

    /// Syncs what was written and closes. Returns the first write error, if any.
    @discardableResult
    public func close() -> String? {
        condition.withLock {
            closed = true
            condition.broadcast()
            while !threadDone { condition.wait() }
            return failure
        }
    }

    /// The first write error, once (a full disk): the front end says it at once.
    public func takeNewFailure() -> String? {
        condition.withLock {
            guard let failure, !failureSaid else { return nil }
            failureSaid = true
            return failure
        }
    }

    /// Lines written so far (header included).
    public var linesWritten: Int { condition.withLock { written } }

    private func run() {
        condition.lock()
        while true {
            while unsynced == 0, !closed { condition.wait() }
            if unsynced == 0, closed { break }
            unsynced = 0
            syncing = true
            condition.unlock()
            fdatasync(fd)
            condition.lock()
            syncing = false
            condition.broadcast()
        }
        Glibc.close(fd)
        threadDone = true
        condition.broadcast()
        condition.unlock()
    }
}

public struct JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

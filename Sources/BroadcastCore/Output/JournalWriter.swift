import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Appends journal lines to a file on a thread of its own: `record` only queues,
/// the thread writes everything queued in one `write` and then `fdatasync`s, so
/// a sentence is on disk a moment after it became final — a crash or a pulled plug
/// loses at most what was being written — and a flood costs one sync per batch,
/// not one per line. Nothing is ever truncated or deleted.
public final class JournalWriter: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let condition = NSCondition()
    private var pending: [String] = []
    private var writing = false
    private var closed = false
    private var failure: String?
    private var written = 0

    /// Opens (creating the folder and the file if needed, mode 0600) and appends the header.
    public init(path: String, header: String) throws(JournalError) {
        self.path = path
        fd = try FileIO.openForAppend(path)
        pending.append(header)
        let thread = Thread { [self] in run() }
        thread.name = "vas-view journal"
        thread.start()
    }

    /// The default place: `$XDG_STATE_HOME/vas-view/<token>-<YYYY-MM-DD>.jsonl`.
    public static func defaultPath(token: String, date: Date, environment: [String: String]) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return "\(LogFile.stateFolder(environment: environment))/\(token)-\(formatter.string(from: date)).jsonl"
    }

    /// Queues the journal line of each event worth keeping. Never blocks on the disk.
    public func record(_ events: some Sequence<BroadcastEvent>, at date: Date = Date()) {
        let lines = events.compactMap { Journal.line(for: $0, at: date) }
        guard !lines.isEmpty else { return }
        condition.withLock {
            guard !closed else { return }
            pending += lines
            condition.broadcast()
        }
    }

    /// Blocks until everything queued is on disk (tests, and before an export of the same file).
    public func flush() {
        condition.withLock {
            while !pending.isEmpty || writing { condition.wait() }
        }
    }

    /// Writes what is queued and closes. Returns the first write error, if any.
    @discardableResult
    public func close() -> String? {
        condition.withLock {
            closed = true
            condition.broadcast()
            while !threadDone { condition.wait() }
            return failure
        }
    }

    /// Lines written so far (header included).
    public var linesWritten: Int { condition.withLock { written } }

    private var threadDone = false

    private func run() {
        condition.lock()
        while true {
            while pending.isEmpty, !closed { condition.wait() }
            if pending.isEmpty, closed { break }
            let batch = pending
            pending.removeAll()
            writing = true
            condition.unlock()
            let error = write(batch.joined(separator: "\n") + "\n")
            condition.lock()
            writing = false
            if let error, failure == nil { failure = error }
            if error == nil { written += batch.count }
            condition.broadcast()
        }
        Glibc.close(fd)
        threadDone = true
        condition.broadcast()
        condition.unlock()
    }

    private func write(_ text: String) -> String? {
        var text = text
        if let code = text.withUTF8({ FileIO.writeAll(fd, UnsafeRawBufferPointer($0)) }) {
            return "cannot write '\(path)': \(String(cString: strerror(code)))"
        }
        fdatasync(fd)
        return nil
    }
}

public struct JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

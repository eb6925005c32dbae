import ArgumentParser
import BroadcastCore
import Foundation
#if canImport(Glibc)
import Glibc
import BroadcastModel
#endif

/// A file or standard input, read in chunks.
struct InputFile {
    static let chunkSize = 1 << 16
    private let handle: FileHandle

    init(path: String) throws {
        if path == "-" {
            handle = .standardInput
            return
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw UserFacingError(message: "'\(TextSanitizer.clean(path))' is a folder: give a file in it.", code: ExitCode.usage)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UserFacingError(message: "cannot read '\(TextSanitizer.clean(path))': there is no such file, or no permission to read it.", code: ExitCode.usage)
        }
        self.handle = handle
    }

    /// Everything (recordings are read whole, to split them at reconnections).
    func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try read() { all += chunk }
        return all
    }

    /// The next chunk, or nil at the end.
    func read() throws -> Data? {
        let data = try handle.read(upToCount: Self.chunkSize) ?? Data()
        return data.isEmpty ? nil : data
    }
}

/// Text for a file descriptor, sent 64 KiB at a time. After a write fails, the rest is
/// dropped and `flush` keeps returning that error (errno).
class BufferedWriter {
    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var failure: Int32?

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    /// Text as it is, without a line break added.
    func write(piece: String) {
        buffer.append(contentsOf: piece.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// A line: the text and a line break.
    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ lines: [String]) {
        for line in lines { write(line) }
    }

    @discardableResult
    func flush() -> Int32? {
        if failure == nil { failure = buffer.withUnsafeBytes { FileIO.writeAll(fd, $0) } }
        buffer.removeAll(keepingCapacity: true)
        return failure
    }
}

/// Buffered standard output. A closed pipe (`| head`) ends the program quietly.
final class StandardOutput: BufferedWriter {
    init() {
        signal(SIGPIPE, SIG_IGN)
        super.init(fd: 1)
    }

    @discardableResult
    override func flush() -> Int32? {
        if let failure = super.flush() { exit(failure == EPIPE ? 0 : ExitCode.failure) }
        return nil
    }
}

/// Messages for the person at the terminal, on standard error.
enum Diagnostics {
    /// While the full-screen viewer owns the terminal, warnings go to the log only.
    nonisolated(unsafe) static var screenOwned = false

    static func warning(_ message: String) {
        if Log.file != nil { Log.viewer.warning("\(message)") }
        if !screenOwned { writeStandardError("vas-view: warning: \(message)\n") }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var repeats: [String: Int] = [:]

    /// A warning that input may repeat without end (100,000 unknown events): said the
    /// first three times, then at 10, 100, 1,000 … with the count, never a flood.
    static func repeatedWarning(_ message: String) {
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
    static func info(_ message: String) {
        if Log.file != nil { Log.viewer.info("\(message)") }
        if !screenOwned { writeStandardError("vas-view: \(message)\n") }
    }

    static func error(_ message: String) {
        if Log.file != nil { Log.viewer.error("\(message)") }
        if !screenOwned { writeStandardError("vas-view: \(message)\n") }
    }

    /// Standard error with write(2): a closed pipe (`2>&1 | head`) loses the words, never the
    /// program (Foundation's FileHandle.write traps on an error).
    static func writeStandardError(_ text: String) {
        var text = text
        _ = text.withUTF8 { FileIO.writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}

/// A file the user asked vas-view to write, checked before anything starts, so that
/// a typo in a path is said at once and not after an hour of broadcast.
enum OutputPath {
    /// Why `path` cannot be written, or nil when it can (as far as can be told now).
    static func problem(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return "it is a folder" }
            return access(path, W_OK) == 0 ? nil : "no permission to write it"
        }
        let folder = (path as NSString).deletingLastPathComponent
        let place = folder.isEmpty ? "." : folder
        var folderInfo = stat()
        guard stat(place, &folderInfo) == 0 else { return "the folder '\(TextSanitizer.clean(place))' does not exist" }
        guard folderInfo.st_mode & S_IFMT == S_IFDIR else { return "'\(TextSanitizer.clean(place))' is not a folder" }
        return access(place, W_OK | X_OK) == 0 ? nil : "no permission to write in the folder '\(TextSanitizer.clean(place))'"
    }
}

/// Files the user asked for, written whole or not at all: the pieces go, 64 KiB at a
/// time, to a new file beside the target, which replaces the target only when complete.
/// A long transcript is never held twice in memory.
enum SavedFile {
    static func write(to path: String, _ produce: ((String) -> Void) -> Void) throws {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            // A device or a pipe (`-o /dev/stdout`, a FIFO): there is no file to replace, so it
            // is written as it is. (A directory fails to open, with its reason.)
            signal(SIGPIPE, SIG_IGN)
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw failure(path, errno) }
            var failedWith = pour(produce, into: fd)
            if close(fd) != 0, failedWith == nil { failedWith = errno }
            if let failedWith { throw failure(path, failedWith) }
            return
        }
        let temporary = path + ".vas-view-\(getpid())-\(UInt32.random(in: 0 ... .max)).part"
        // 0666 less the umask, as for any file the user makes; O_EXCL: never someone else's file.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(path, errno) }
        var failedWith = pour(produce, into: fd)
        if failedWith == nil, fsync(fd) != 0 { failedWith = errno }
        if close(fd) != 0, failedWith == nil { failedWith = errno }
        if failedWith == nil, rename(temporary, path) != 0 { failedWith = errno }
        if let failedWith {
            unlink(temporary)
            throw failure(path, failedWith)
        }
    }

    /// The pieces into `fd`; the first write error (errno), if any.
    private static func pour(_ produce: ((String) -> Void) -> Void, into fd: Int32) -> Int32? {
        let writer = BufferedWriter(fd: fd)
        produce { writer.write(piece: $0) }
        return writer.flush()
    }

    private static func failure(_ path: String, _ code: Int32) -> UserFacingError {
        UserFacingError(message: "cannot write '\(TextSanitizer.clean(path))': \(String(cString: strerror(code))). Check that the folder exists and is writable.")
    }
}

/// Ctrl-C and SIGTERM: remembered, and handed to a callback, so that the
/// program can finish cleanly (print what it has, save) and exit 130 or 143.
final class Interrupts: @unchecked Sendable {
    private let lock = NSLock()
    private var signalNumber: Int32?
    private var sources: [any DispatchSourceSignal] = []

    /// The signal that arrived, if any.
    var received: Int32? { lock.withLock { signalNumber } }
    var isSet: Bool { received != nil }

    /// The exit code for the signal that arrived (128 + its number).
    var exitCode: Int32 { 128 + (received ?? SIGINT) }

    static func install(_ onSignal: @escaping @Sendable () -> Void = {}) -> Interrupts {
        let interrupts = Interrupts()
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let first = interrupts.lock.withLock { () -> Bool in
                    defer { if interrupts.signalNumber == nil { interrupts.signalNumber = number } }
                    return interrupts.signalNumber == nil
                }
                if first { onSignal() }
            }
            source.resume()
            interrupts.sources.append(source)
        }
        return interrupts
    }
}

import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Files the user asked for, written whole or not at all: the pieces go, 64 KiB at a
/// time, to a new file beside the target, which replaces the target only when complete.
/// A long transcript is never held twice in memory.
public enum SavedFile {
    public static func write(to path: String, _ produce: ((String) -> Void) -> Void) throws {
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

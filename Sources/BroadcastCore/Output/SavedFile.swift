import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The one way vas-view writes a whole file (`--save`, the `s` snapshot, `export -o`, and
/// `--record-raw`'s file when it is put in place): the pieces go, 64 KiB at a time, to a new
/// file beside the target, which is flushed and `fsync`ed, renamed over the target, and the
/// folder `fsync`ed. A crash, Ctrl-C, SIGKILL or a full disk at any moment leaves the old
/// file or the new one, never half of one; a failure removes the new file and says why.
/// A long transcript is never held twice in memory.
///
/// Private by default: a file made here is 0600 (a transcript is someone's meeting); a file
/// replaced keeps its mode.
public enum SavedFile {
    public static func write(to given: String, _ produce: ((String) -> Void) -> Void) throws {
        let path = target(of: given)
        var info = stat()
        let exists = stat(path, &info) == 0
        if let fd = try openAsItIs(path) {
            var failedWith = pour(produce, into: fd)
            if close(fd) != 0, failedWith == nil { failedWith = errno }
            if let failedWith { throw failure(path, failedWith) }
            return
        }
        let (temporary, fd) = try create(beside: path)
        if exists { keepOwnership(fd, of: info) }
        var failedWith = pour(produce, into: fd)
        if failedWith == nil {
            failedWith = putInPlace(fd: fd, temporary: temporary, path: path)
        } else {
            close(fd)
        }
        if let failedWith {
            unlink(temporary)
            throw failure(path, failedWith)
        }
    }

    /// The file a path names, through symbolic links: a link to a file replaces the file it
    /// points at and stays a link (renaming over the link would have replaced the link itself).
    public static func target(of given: String) -> String {
        var info = stat()
        if stat(given, &info) == 0 {
            // A device, a pipe (`/dev/stdout` is a link to one) or a folder is taken as given.
            guard info.st_mode & S_IFMT == S_IFREG, lstat(given, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return given }
            guard let real = realpath(given, nil) else { return given }
            defer { free(real) }
            return String(cString: real)
        }
        // Not there (yet): a dangling link makes the file it points at.
        var path = given
        for _ in 0..<40 {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return path }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(path, &buffer, buffer.count - 1)
            guard count > 0 else { return path }
            let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let folder = Paths.folder(of: path)
            path = link.hasPrefix("/") || folder.isEmpty ? link : folder + "/" + link
        }
        return path
    }

    /// A device or a pipe (`-o /dev/stdout`, a FIFO, /dev/full): there is no file to replace, so
    /// it is opened to be written as it is; nil for a file or a path not there (made beside,
    /// then renamed). A directory fails to open, with its reason.
    public static func openAsItIs(_ path: String, code exit: Int32 = ExitStatus.failure) throws -> Int32? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else { return nil }
        signal(SIGPIPE, SIG_IGN)
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, errno, code: exit) }
        return fd
    }

    /// A new file beside `path` (`NAME.vas-view-PID-N.part`), 0600, `O_EXCL`: never someone
    /// else's file. Its name and descriptor.
    public static func create(beside path: String) throws -> (path: String, fd: Int32) {
        for _ in 0..<100 {
            let temporary = path + ".vas-view-\(getpid())-\(UInt32.random(in: 0 ... .max)).part"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FileIO.privateFile)
            if fd >= 0 { return (temporary, fd) }
            if errno != EEXIST { throw failure(path, errno) }
        }
        throw failure(path, EEXIST)
    }

    /// A file that replaces another keeps its mode, and (when vas-view runs as root) its owner
    /// and group, so that whoever could read the old file can read the new one.
    public static func keepOwnership(_ fd: Int32, of info: stat) {
        fchmod(fd, info.st_mode & 0o7777)
        if getuid() == 0, info.st_uid != 0 || info.st_gid != 0 { _ = fchown(fd, info.st_uid, info.st_gid) }
    }

    /// Flushes and closes `fd` (the file `temporary`), renames it over `path` and syncs the
    /// folder, so that the rename itself survives a crash. Nil, or the errno that stopped it.
    public static func putInPlace(fd: Int32, temporary: String, path: String) -> Int32? {
        var failedWith: Int32?
        if fsync(fd) != 0 { failedWith = errno }
        if close(fd) != 0, failedWith == nil { failedWith = errno }
        if failedWith == nil, rename(temporary, path) != 0 { failedWith = errno }
        if failedWith == nil { syncFolder(of: path) }
        return failedWith
    }

    /// After a rename: the folder's entry is on disk too.
    public static func syncFolder(of path: String) {
        let folder = Paths.folder(of: path)
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// The pieces into `fd`; the first write error (errno), if any.
    private static func pour(_ produce: ((String) -> Void) -> Void, into fd: Int32) -> Int32? {
        let writer = BufferedWriter(fd: fd)
        produce { writer.write(piece: $0) }
        return writer.flush()
    }

    /// Why `path` could not be written. When its folder is to blame, the folder is named as a
    /// whole path (`s` writes into the current folder: "'.'" would say nothing) with the real
    /// reason: it does not exist, or no file can be made there (/proc answers "No such file or
    /// directory" to a new file in a folder that exists).
    static func failure(_ path: String, _ code: Int32, code exit: Int32 = ExitStatus.failure) -> UserFacingError {
        let reason = String(cString: strerror(code))
        guard [ENOENT, ENOTDIR, EACCES, EPERM, EROFS].contains(code) else {
            return UserFacingError(message: "cannot write '\(TextSanitizer.clean(path))': \(reason).", code: exit)
        }
        let folder = Self.wholeFolder(of: path)
        var info = stat()
        let exists = stat(folder, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
        let why = exists ? "no file can be made in the folder '\(TextSanitizer.clean(folder))' (\(reason))"
                         : "the folder '\(TextSanitizer.clean(folder))' does not exist"
        return UserFacingError(message: "cannot write '\(TextSanitizer.clean(Paths.lastComponent(path)))': \(why). Save into a folder you can write to.",
                               code: exit)
    }

    /// The folder of `path`, from the root (a relative path is taken from the current folder).
    static func wholeFolder(of path: String) -> String {
        let folder = Paths.folder(of: path)
        if folder.hasPrefix("/") { return folder }
        let current = FileManager.default.currentDirectoryPath
        if folder.isEmpty || folder == "." { return current }
        return Paths.withoutTrailingSlash(current) + "/" + folder
    }
}

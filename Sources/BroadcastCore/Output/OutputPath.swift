import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A file the user asked vas-view to write, checked before anything starts, so that
/// a typo in a path is said at once and not after an hour of broadcast.
public enum OutputPath {
    /// Why `path` cannot be written, or nil when it can (as far as can be told now).
    public static func problem(_ given: String) -> String? {
        let path = SavedFile.target(of: given)
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return "it is a folder" }
            if isJournal(path) { return "it is an autosave journal, where vas-view keeps every word: give another file (vas-view export reads it)" }
            guard access(path, W_OK) == 0 else { return "no permission to write it" }
            // A device or a pipe is written as it is; a file is replaced by a new one made beside
            // it, so its folder must take a new file too (checked below).
            if info.st_mode & S_IFMT != S_IFREG { return nil }
        }
        let folder = Paths.folder(of: path)
        let place = folder.isEmpty ? "." : folder
        var folderInfo = stat()
        guard stat(place, &folderInfo) == 0 else { return "the folder '\(TextSanitizer.clean(place))' does not exist" }
        guard folderInfo.st_mode & S_IFMT == S_IFDIR else { return "'\(TextSanitizer.clean(place))' is not a folder" }
        guard access(place, W_OK | X_OK) == 0 else { return "no permission to write in the folder '\(TextSanitizer.clean(place))'" }
        // `access` says yes to root everywhere, /proc included: whether a file can be made
        // there is only known by making one (and removing it at once).
        let probe = place + "/.vas-view-probe-\(getpid())"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FileIO.privateFile)
        guard fd >= 0 else {
            return "no file can be made in the folder '\(TextSanitizer.clean(place))' (\(String(cString: strerror(errno))))"
        }
        close(fd)
        unlink(probe)
        return nil
    }

    /// Part files an earlier run left beside `path` when it was killed (SIGKILL, a power cut):
    /// `NAME.vas-view-PID-N.part` whose process is gone. They may hold the only copy of a
    /// recording, so they are named, never removed.
    public static func leftovers(beside given: String) -> [String] {
        let path = SavedFile.target(of: given)
        let folder = Paths.folder(of: path)
        let prefix = Paths.lastComponent(path) + ".vas-view-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return names.filter { name in
            guard name.hasPrefix(prefix), name.hasSuffix(".part"),
                  let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ Int32($0) }) else { return false }
            return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
        }.sorted().map { folder.isEmpty ? $0 : folder + "/" + $0 }
    }

    /// Why a log file (appended to, never replaced) cannot be `path`: a file that exists and
    /// is not a log (its first line is not `YYYY-MM-DDT…`) would get log lines mixed into it.
    public static func logProblem(_ path: String) -> String? {
        if let problem = problem(path) { return problem }
        guard let head = head(of: SavedFile.target(of: path), bytes: 11), !head.isEmpty else { return nil }  // empty: nothing to mix into
        let digits = { (range: Range<Int>) in range.allSatisfy { $0 < head.count && (0x30...0x39).contains(head[$0]) } }
        let isLog = head.count == 11 && digits(0..<4) && head[4] == 0x2D && digits(5..<7) && head[7] == 0x2D && digits(8..<10) && head[10] == 0x54
        return isLog ? nil : "it is not a vas-view log, and the log is appended to it: give another file"
    }

    /// `--tts-wav` replaces a WAV, never a file of another kind (a transcript, a recording).
    public static func notA(wav path: String) -> String? {
        guard let head = head(of: SavedFile.target(of: path), bytes: 4), !head.isEmpty else { return nil }
        return head == Array("RIFF".utf8) ? nil : "it is not a WAV file, and would be replaced by one: give another file"
    }

    /// Whether the file begins with a journal's header (it is never replaced by anything).
    public static func isJournal(_ path: String) -> Bool {
        guard let head = head(of: path, bytes: 256) else { return false }
        return String(decoding: head, as: UTF8.self).contains("\"format\":\"\(Journal.format)\"")
    }

    /// The first bytes of a regular file; nil for anything else (or when it cannot be read).
    private static func head(of path: String, bytes: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var head = [UInt8](repeating: 0, count: bytes)
        let count = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return count >= 0 ? Array(head[..<count]) : nil
    }

    /// Whether two paths name one file: the same device and inode, so a symlink or a hard link
    /// is found as well as the same name (`-` is standard input, when it is a file). False
    /// when either does not exist yet (a new file cannot be anything's input).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        guard let first = identity(a), let second = identity(b) else { return false }
        return first == second
    }

    /// Whether two paths are, or would be, one file: the same file, or the same name in the
    /// same folder however it is spelt (`c.txt`, `./c.txt`, `../work/c.txt`, through links).
    public static func samePlace(_ a: String, _ b: String) -> Bool {
        if a == b || sameFile(a, b) { return true }
        guard let first = canonical(a), let second = canonical(b) else { return false }
        return first == second
    }

    /// The folder's real path and the name, for a file that may not exist yet.
    private static func canonical(_ path: String) -> String? {
        let target = SavedFile.target(of: path)
        let folder = Paths.folder(of: target)
        guard let real = realpath(folder.isEmpty ? "." : folder, nil) else { return nil }
        defer { free(real) }
        let base = String(cString: real)
        return (base == "/" ? "" : base) + "/" + Paths.lastComponent(target)
    }

    /// The `--name FILE` that is also `other` (the file read), said as one sentence; nil when apart.
    public static func isItsOwnInput(output: String, input: String, what: String) -> String? {
        guard sameFile(output, input) else { return nil }
        let shown = TextSanitizer.clean(output)
        let read = input == "-" ? "standard input" : "'\(TextSanitizer.clean(input))'"
        return "\(what) '\(shown)' is the file being read (\(read)): writing it would destroy what is read. Give another file."
    }

    private static func identity(_ path: String) -> [UInt64]? {
        var info = stat()
        let found = path == "-" ? fstat(STDIN_FILENO, &info) == 0 && info.st_mode & S_IFMT == S_IFREG : stat(path, &info) == 0
        guard found else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}

import FoundationEssentials
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// The few file operations the log, the journal and saved files share.
public enum FileIO {
    /// Writes every byte, retrying interrupted writes: nil, or the errno that stopped it.
    /// Files of ours are the user's alone (0600), and so are the folders we make (0700):
    /// the one home of the modes.
    public static let privateFile: mode_t = 0o600
    public static let privateFolder: mode_t = 0o700

    /// Writes all of `bytes` at `offset` (pwrite), retrying after a signal; nil, or the errno.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: off_t) -> Int32? {
        var done = 0
        while done < bytes.count {
            let written = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, offset + off_t(done))
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += written
        }
        return nil
    }

    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Opens a file of ours for appending, private to the user (0600), creating its folder
    /// (0700) if needed. `what` names it in the error ("the log").
    public static func openForAppend(_ path: String, what: String? = nil) throws(JournalError) -> Int32 {
        let name = what.map { "\($0) '\(path)'" } ?? "'\(path)'"
        let folder = Paths.folder(of: path)
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: Int(privateFolder)])
            } catch {
                throw JournalError(message: "cannot create the folder of \(name)")
            }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, privateFile)
        guard fd >= 0 else { throw JournalError(message: "cannot write \(name): \(String(cString: strerror(errno)))") }
        return fd
    }
}

/// The XDG base folders (`$XDG_STATE_HOME`, `$XDG_CONFIG_HOME`), with their defaults under `$HOME`.
public enum XDG {
    /// `variable` when set and not empty, else `$HOME/fallback`; vas-view's folder inside it.
    public static func folder(_ variable: String, fallback: String, environment: [String: String]) -> String {
        let base = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? Paths.home) + "/" + fallback)
        return base + "/vas-view"
    }

    /// `$XDG_STATE_HOME/vas-view` (`~/.local/state/vas-view`): the log and the autosave journals.
    public static func stateFolder(environment: [String: String]) -> String {
        folder("XDG_STATE_HOME", fallback: ".local/state", environment: environment)
    }
}

/// Path arithmetic on strings, as NSString's (which FoundationEssentials lacks).
public enum Paths {
    /// The folder part: `a/b.txt` → `a`, `b.txt` → ``, `/b` → `/` (a trailing `/` is ignored).
    public static func folder(of path: String) -> String {
        let path = withoutTrailingSlashes(path)
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let folder = withoutTrailingSlashes(String(path[..<slash]))
        return folder.isEmpty ? "/" : folder
    }

    /// The last component: `a/b.txt` → `b.txt` (a trailing `/` is ignored).
    public static func lastComponent(_ path: String) -> String {
        let path = withoutTrailingSlashes(path)
        guard let slash = path.lastIndex(of: "/") else { return path }
        let last = String(path[path.index(after: slash)...])
        return last.isEmpty ? "/" : last
    }

    /// The user's home folder from the password database (when `$HOME` is not set).
    public static var home: String {
        if let entry = getpwuid(getuid()), let folder = entry.pointee.pw_dir { return String(cString: folder) }
        return "/"
    }

    /// `path` without the `/`s at its end (but `/` itself).
    public static func withoutTrailingSlash(_ path: String) -> String {
        withoutTrailingSlashes(path)
    }

    private static func withoutTrailingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }
}

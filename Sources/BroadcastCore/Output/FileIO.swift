import Foundation
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// The few file operations the log, the journal and saved files share.
public enum FileIO {
    /// Writes every byte, retrying interrupted writes: nil, or the errno that stopped it.
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
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw JournalError(message: "cannot create the folder of \(name)")
            }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError(message: "cannot write \(name): \(String(cString: strerror(errno)))") }
        return fd
    }
}

/// The XDG base folders (`$XDG_STATE_HOME`, `$XDG_CONFIG_HOME`), with their defaults under `$HOME`.
public enum XDG {
    /// `variable` when set and not empty, else `$HOME/fallback`; vas-view's folder inside it.
    public static func folder(_ variable: String, fallback: String, environment: [String: String]) -> String {
        let base = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/" + fallback)
        return base + "/vas-view"
    }

    /// `$XDG_STATE_HOME/vas-view` (`~/.local/state/vas-view`): the log and the autosave journals.
    public static func stateFolder(environment: [String: String]) -> String {
        folder("XDG_STATE_HOME", fallback: ".local/state", environment: environment)
    }
}

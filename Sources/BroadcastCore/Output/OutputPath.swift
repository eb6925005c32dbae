import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A file the user asked vas-view to write, checked before anything starts, so that
/// a typo in a path is said at once and not after an hour of broadcast.
public enum OutputPath {
    /// Why `path` cannot be written, or nil when it can (as far as can be told now).
    public static func problem(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return "it is a folder" }
            return access(path, W_OK) == 0 ? nil : "no permission to write it"
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
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            return "no file can be made in the folder '\(TextSanitizer.clean(place))' (\(String(cString: strerror(errno))))"
        }
        close(fd)
        unlink(probe)
        return nil
    }
}

import BroadcastModel
import Foundation
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
        let folder = (path as NSString).deletingLastPathComponent
        let place = folder.isEmpty ? "." : folder
        var folderInfo = stat()
        guard stat(place, &folderInfo) == 0 else { return "the folder '\(TextSanitizer.clean(place))' does not exist" }
        guard folderInfo.st_mode & S_IFMT == S_IFDIR else { return "'\(TextSanitizer.clean(place))' is not a folder" }
        return access(place, W_OK | X_OK) == 0 ? nil : "no permission to write in the folder '\(TextSanitizer.clean(place))'"
    }
}

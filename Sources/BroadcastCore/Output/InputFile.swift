import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// A file or standard input, read in chunks.
public final class InputFile {
    public static let chunkSize = 1 << 16
    private let fd: Int32
    private let path: String

    public init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = STDIN_FILENO
            return
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw UserFacingError(message: "'\(TextSanitizer.clean(path))' is a folder: give a file in it.", code: ExitStatus.usage)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw UserFacingError(message: "cannot read '\(TextSanitizer.clean(path))': there is no such file, or no permission to read it.", code: ExitStatus.usage)
        }
        self.fd = fd
    }

    deinit {
        if fd != STDIN_FILENO { close(fd) }
    }

    /// Everything (standard input, which cannot be read twice).
    public func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try read() { all += chunk }
        return all
    }

    /// The next chunk, or nil at the end.
    public func read() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 { return Array(chunk[..<count]) }
            if count == 0 { return nil }
            if errno == EINTR { continue }
            throw UserFacingError(message: "cannot read '\(TextSanitizer.clean(path))': \(String(cString: strerror(errno))).", code: ExitStatus.failure)
        }
    }
}

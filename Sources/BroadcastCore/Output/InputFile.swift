import BroadcastModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file or standard input, read in chunks.
public struct InputFile {
    public static let chunkSize = 1 << 16
    private let handle: FileHandle

    public init(path: String) throws {
        if path == "-" {
            handle = .standardInput
            return
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw UserFacingError(message: "'\(TextSanitizer.clean(path))' is a folder: give a file in it.", code: ExitStatus.usage)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UserFacingError(message: "cannot read '\(TextSanitizer.clean(path))': there is no such file, or no permission to read it.", code: ExitStatus.usage)
        }
        self.handle = handle
    }

    /// Everything (recordings are read whole, to split them at reconnections).
    public func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try read() { all += chunk }
        return all
    }

    /// The next chunk, or nil at the end.
    public func read() throws -> Data? {
        let data = try handle.read(upToCount: Self.chunkSize) ?? Data()
        return data.isEmpty ? nil : data
    }
}

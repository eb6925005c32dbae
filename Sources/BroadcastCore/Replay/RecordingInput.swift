import BroadcastModel

/// Where a recording is read from, each time it is read: a file is opened again for every
/// pass and streamed a chunk at a time (a recording of hours is never held whole); standard
/// input, which cannot be read twice, is held.
public enum RecordingInput: Sendable {
    case file(String)
    case held([UInt8])

    /// A file, or `-` for standard input (read whole, here).
    public static func open(_ path: String) throws -> RecordingInput {
        let input = try InputFile(path: path)
        return path == "-" ? .held(try input.readAll()) : .file(path)
    }

    /// The first chunk (enough to tell what kind of file it is).
    public func start() throws -> [UInt8] {
        switch self {
        case .held(let bytes): return Array(bytes.prefix(InputFile.chunkSize))
        case .file(let path): return try InputFile(path: path).read().map { [UInt8]($0) } ?? []
        }
    }

    /// A reader from the recording's start.
    public func reader() throws -> RecordingReader {
        switch self {
        case .held(let bytes):
            return RecordingReader(bytes)
        case .file(let path):
            let file = try InputFile(path: path)
            return RecordingReader(input: { try file.read().map { [UInt8]($0) } })
        }
    }
}

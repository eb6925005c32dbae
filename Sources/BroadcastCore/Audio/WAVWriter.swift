import FoundationEssentials
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// `--tts-wav FILE`: everything played, as a 16-bit PCM WAV. The header's sizes
/// are rewritten after every sentence, so the file is valid even if vas-view is
/// killed. One format per file: the first sentence sets it.
///
/// Nothing lost: the file is made beside the target (0600, or the mode of the file it will
/// replace) and put in place when the first sentence is in it; until then an earlier
/// file of that name is untouched, and a viewing that played nothing leaves it as it was.
public final class WAVWriter {
    public let rate: Int
    public let channels: Int
    private let fd: Int32
    private let path: String
    private let temporary: String
    /// Whether the file is in place (a sentence was written into it).
    public private(set) var placed = false
    public private(set) var dataBytes = 0

    public init(path given: String, rate: Int, channels: Int) throws(AudioError) {
        let path = SavedFile.target(of: given)
        let device: Int32?
        do { device = try SavedFile.openAsItIs(path) } catch { throw .device(Self.words(error, path)) }
        if let device {
            // A device or a pipe (a link to /dev/full): written as it is, never replaced by a file.
            fd = device
            self.path = path
            temporary = path
            placed = true
            self.rate = rate
            self.channels = channels
            return
        }
        do {
            (temporary, fd) = try SavedFile.create(beside: path)
        } catch {
            throw .device(Self.words(error, path))
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { SavedFile.keepOwnership(fd, of: info) }
        self.path = path
        self.rate = rate
        self.channels = channels
        commit()
    }

    /// What SavedFile said, as one sentence (its message, not the error's dump).
    private static func words(_ error: any Error, _ path: String) -> String {
        (error as? UserFacingError)?.message ?? "cannot write '\(path)': \(error)"
    }

    deinit {
        close(fd)
        if !placed { unlink(temporary) }
    }

    /// Appends samples (same rate and channels as the file).
    public func append(_ samples: UnsafeBufferPointer<Int16>) {
        let bytes = UnsafeRawBufferPointer(samples)
        guard !bytes.isEmpty, FileIO.writeAll(fd, bytes) == nil else { return }
        dataBytes += bytes.count
    }

    /// Rewrites the header with the sizes so far.
    public func commit() {
        writeHeader()
        _ = lseek(fd, 0, SEEK_END)
        // The first sentence is in: the file takes its place (later ones grow it there).
        if !placed, dataBytes > 0, fsync(fd) == 0, rename(temporary, path) == 0 {
            SavedFile.syncFolder(of: path)
            placed = true
        }
    }

    private func writeHeader() {
        var header: [UInt8] = []
        func put32(_ value: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { header += $0 } }
        func put16(_ value: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { header += $0 } }
        header += Array("RIFF".utf8); put32(36 + dataBytes); header += Array("WAVE".utf8)
        header += Array("fmt ".utf8); put32(16); put16(1); put16(channels); put32(rate)
        put32(rate * channels * 2); put16(channels * 2); put16(16)
        header += Array("data".utf8); put32(dataBytes)
        _ = header.withUnsafeBytes { FileIO.writeAll(fd, $0, at: 0) }
    }
}

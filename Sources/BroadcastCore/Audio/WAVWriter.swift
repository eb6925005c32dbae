import FoundationEssentials
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// `--tts-wav FILE`: everything played, as a 16-bit PCM WAV. The header's sizes
/// are rewritten after every sentence, so the file is valid even if vas-view is
/// killed. One format per file: the first sentence sets it.
public final class WAVWriter {
    public let rate: Int
    public let channels: Int
    private let fd: Int32
    public private(set) var dataBytes = 0

    public init(path: String, rate: Int, channels: Int) throws(AudioError) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .device("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        self.rate = rate
        self.channels = channels
        commit()
    }

    deinit {
        close(fd)
    }

    /// Appends samples (same rate and channels as the file).
    public func append(_ samples: UnsafeBufferPointer<Int16>) {
        let bytes = UnsafeRawBufferPointer(samples)
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = Glibc.write(fd, base + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
        dataBytes += offset
    }

    /// Rewrites the header with the sizes so far.
    public func commit() {
        writeHeader()
        _ = lseek(fd, 0, SEEK_END)
    }

    private func writeHeader() {
        var header: [UInt8] = []
        func put32(_ value: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { header += $0 } }
        func put16(_ value: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { header += $0 } }
        header += Array("RIFF".utf8); put32(36 + dataBytes); header += Array("WAVE".utf8)
        header += Array("fmt ".utf8); put32(16); put16(1); put16(channels); put32(rate)
        put32(rate * channels * 2); put16(channels * 2); put16(16)
        header += Array("data".utf8); put32(dataBytes)
        _ = header.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }
}

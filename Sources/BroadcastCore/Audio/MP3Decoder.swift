import CMpg123
import FoundationEssentials
import BroadcastModel

/// Decoded audio: signed 16-bit samples, interleaved.
public struct PCM: Equatable, Sendable {
    public var rate: Int
    public var channels: Int
    public var samples: [Int16]

    public init(rate: Int, channels: Int, samples: [Int16]) {
        self.rate = rate
        self.channels = channels
        self.samples = samples
    }

    public var frames: Int { channels > 0 ? samples.count / channels : 0 }
    public var durationMs: Double { rate > 0 ? Double(frames) * 1000 / Double(rate) : 0 }
    public var byteCount: Int { samples.count * 2 }
}

/// Why a `tts_ready` could not be played: a notice, and the next one plays.
public enum AudioError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidBase64
    case empty
    case undecodable(String)
    case device(String)

    public var description: String {
        switch self {
        case .invalidBase64: "the audio was not valid base64"
        case .empty: "the audio was empty"
        case .undecodable(let reason): "the audio could not be decoded (\(reason))"
        case .device(let reason): "audio unavailable: \(reason)"
        }
    }
}

/// MP3 → PCM in memory, with libmpg123's feed API (no files, no network).
public enum MP3Decoder {
    /// Caps the decoded size (a hostile `tts_ready` must not fill memory): 10 minutes of 48 kHz stereo.
    public static let maxSamples = 48_000 * 2 * 600

    public static func decode(base64: String) throws(AudioError) -> PCM {
        guard !base64.isEmpty else { throw .empty }
        guard let data = Data(base64Encoded: base64) ?? Data(base64Encoded: base64.filter { !$0.isWhitespace }) else {
            throw .invalidBase64
        }
        return try decode(Array(data))
    }

    public static func decode(_ mp3: [UInt8]) throws(AudioError) -> PCM {
        guard !mp3.isEmpty else { throw .empty }
        guard let handle = vas_mpg123_new_feed() else { throw .undecodable("libmpg123 could not start") }
        defer { vas_mpg123_delete(handle) }
        var samples: [Int16] = []
        var rate = 0
        var channels = 0
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        var input = mp3
        var fed = false
        while true {
            var done = 0
            let code: Int32 = input.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { out in
                    vas_mpg123_decode(handle, fed ? nil : source.baseAddress, fed ? 0 : source.count,
                                      out.baseAddress, out.count, &done)
                }
            }
            fed = true
            if code == VAS_MPG123_NEW_FORMAT {
                var r = 0
                var c: Int32 = 0
                _ = vas_mpg123_format(handle, &r, &c)
                rate = r
                channels = Int(c)
            }
            if done > 0 {
                buffer.withUnsafeBytes { raw in
                    samples.append(contentsOf: raw.bindMemory(to: Int16.self).prefix(done / 2))
                }
                if samples.count > maxSamples { throw .undecodable("longer than 10 minutes") }
            }
            if code == VAS_MPG123_NEED_MORE || code == VAS_MPG123_DONE { break }
            if code != VAS_MPG123_OK, code != VAS_MPG123_NEW_FORMAT {
                throw .undecodable(String(cString: vas_mpg123_error(handle)))
            }
        }
        input = []
        guard rate > 0, channels > 0, !samples.isEmpty else { throw .undecodable("no MPEG audio frames found") }
        return PCM(rate: rate, channels: channels, samples: samples)
    }
}

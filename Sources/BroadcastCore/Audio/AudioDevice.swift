import CMpg123

/// A sound output through libout123: the driver list and device are named
/// (`--audio-driver`, `--audio-device`), never probed blindly — out123's probing
/// can stall for seconds and pick a silent driver.
public final class AudioDevice {
    /// The drivers tried in order when none is given.
    public static let defaultDrivers = "pulse,alsa"

    private let handle: OpaquePointer
    public let rate: Int
    public let channels: Int

    /// Opens the device for PCM of this rate and channel count.
    public init(drivers: String = AudioDevice.defaultDrivers, device: String? = nil, rate: Int, channels: Int) throws(AudioError) {
        var message = [CChar](repeating: 0, count: 512)
        let opened = message.withUnsafeMutableBufferPointer { buffer in
            vas_out123_open(drivers, device, rate, Int32(channels), buffer.baseAddress, buffer.count)
        }
        guard let opened else {
            throw .device(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        handle = opened
        self.rate = rate
        self.channels = channels
    }

    /// Plays PCM to the end (blocks while the device's buffer is full). Returns the bytes written.
    @discardableResult
    public func play(_ pcm: PCM) -> Int {
        pcm.samples.withUnsafeBytes { bytes in
            // out123_play may take less than it is given; zero means the device failed.
            var offset = 0
            while offset < bytes.count {
                let written = vas_out123_play(handle, bytes.baseAddress! + offset, bytes.count - offset)
                if written == 0 { break }
                offset += written
            }
            return offset
        }
    }

    /// Waits until everything written has been heard.
    public func drain() {
        vas_out123_drain(handle)
    }

    deinit {
        vas_out123_close(handle)
    }
}

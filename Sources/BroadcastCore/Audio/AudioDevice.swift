import CMpg123
import FoundationEssentials
import BroadcastModel

/// Where the speech player sends PCM: the sound device, a fake in tests.
/// Used from one thread at a time (the player's).
public protocol AudioOutput: AnyObject {
    var rate: Int { get }
    var channels: Int { get }
    /// Writes 16-bit interleaved samples (blocks while the device's buffer is full);
    /// returns the bytes taken, fewer only when the device failed.
    func write(_ samples: UnsafeBufferPointer<Int16>) -> Int
    /// Throws away what was written but not yet heard.
    func drop()
    /// Waits until everything written has been heard.
    func drain()
}

/// Opens an output for PCM of a rate and channel count; throws `AudioError.device`.
public typealias AudioOutputFactory = @Sendable (_ rate: Int, _ channels: Int) throws(AudioError) -> any AudioOutput

/// A sound output through libout123: the driver list and device are named
/// (`--audio-driver`, `--audio-device`), never probed blindly — out123's probing
/// can stall for seconds and pick a silent driver.
public final class AudioDevice: AudioOutput {
    /// The drivers tried in order when none is given.
    public static let defaultDrivers = "pulse,alsa"
    /// The device buffer asked for: the word highlight runs at most this far ahead of the sound.
    public static let bufferSeconds = 0.25

    private let handle: OpaquePointer
    public let rate: Int
    public let channels: Int

    /// Opens the device for PCM of this rate and channel count: each driver of the list in
    /// turn. When none works, the error names every driver and device tried and why.
    public init(drivers: String = AudioDevice.defaultDrivers, device: String? = nil, rate: Int, channels: Int,
                bufferSeconds: Double = AudioDevice.bufferSeconds) throws(AudioError) {
        let names = drivers.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        var reasons: [String] = []
        for name in names.isEmpty ? [drivers] : names {
            // A module that is not there is not tried (libout123 would print to the terminal).
            if vas_out123_has_driver(name) == 0 {
                reasons.append("\(name): libout123 has no '\(name)' output module (Debian's mpg123 package has alsa, pulse and others)")
                continue
            }
            var message = [CChar](repeating: 0, count: 512)
            let opened = message.withUnsafeMutableBufferPointer { buffer in
                vas_out123_open(name, device, rate, Int32(channels), bufferSeconds, buffer.baseAddress, buffer.count)
            }
            if let opened {
                handle = opened
                self.rate = rate
                self.channels = channels
                return
            }
            let said = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            reasons.append("\(name)\(device.map { " device '\($0)'" } ?? ""): \(Self.explain(driver: name, libout123: said))")
        }
        throw .device("no sound output could be opened (" + reasons.joined(separator: "; ") + ")")
    }

    /// libout123's own words, and what can be told beyond them: a module that is not
    /// installed, no sound card, no sound server.
    static func explain(driver: String, libout123 said: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                        exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String {
        let reason = said.isEmpty ? "it could not be opened" : "libout123 says \"\(said)\""
        switch driver {
        case "alsa" where !exists("/dev/snd"):
            return reason + "; this machine has no sound card (/dev/snd is missing)"
        case "pulse":
            let runtime = environment["XDG_RUNTIME_DIR"] ?? ""
            if environment["PULSE_SERVER"] == nil, !exists(runtime + "/pulse/native") {
                return reason + "; no PulseAudio or PipeWire server is running for this user"
            }
            return reason
        default:
            return reason
        }
    }

    /// The factory the player uses for real sound.
    public static func factory(drivers: String, device: String?) -> AudioOutputFactory {
        { rate, channels throws(AudioError) in try AudioDevice(drivers: drivers, device: device, rate: rate, channels: channels) }
    }

    public func write(_ samples: UnsafeBufferPointer<Int16>) -> Int {
        let bytes = UnsafeRawBufferPointer(samples)
        guard let base = bytes.baseAddress else { return 0 }
        // out123_play may take less than it is given; zero means the device failed.
        var offset = 0
        while offset < bytes.count {
            let written = vas_out123_play(handle, base + offset, bytes.count - offset)
            if written == 0 { break }
            offset += written
        }
        return offset
    }

    /// Plays PCM to the end (blocks while the device's buffer is full). Returns the bytes written.
    @discardableResult
    public func play(_ pcm: PCM) -> Int {
        pcm.samples.withUnsafeBufferPointer { write($0) }
    }

    public func drop() {
        vas_out123_drop(handle)
    }

    public func drain() {
        vas_out123_drain(handle)
    }

    deinit {
        vas_out123_close(handle)
    }
}

import ArgumentParser
import BroadcastCore
import FoundationEssentials
import BroadcastModel
import ViewerTUI

/// `vas-view speak FILE.mp3...`: decode and play MP3 files through the same
/// path as spoken translation — to check a sound setup, and for the audio tests.
struct SpeakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speak",
        abstract: "Play MP3 files through vas-view's audio path, to check your sound setup.",
        discussion: "Example: vas-view speak /usr/share/vas-view/sound-check.mp3 --audio-driver alsa (installed with vas-view; in a checkout, Tests/Fixtures/audio/sid1-en.mp3). Prints what was decoded and played, or why no sound could be played."
    )

    @Argument(help: "MP3 files to play, in order.", completion: .file(extensions: ["mp3"]))
    var files: [String]

    @Option(help: "Audio drivers to try, in order (libout123 names).")
    var audioDriver = AudioDevice.defaultDrivers

    @Option(help: "The audio device, e.g. an ALSA PCM name such as default or hw:0.")
    var audioDevice: String?

    func run() async throws {
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UserFacingError(message: "cannot read '\(TextSanitizer.clean(file))': there is no such file, or no permission to read it.", code: ExitStatus.usage)
            }
            if data.starts(with: Array("RIFF".utf8)) {
                // Said, not a decoder's words: --tts-wav writes WAV, which speak does not play.
                throw UserFacingError(message: "'\(TextSanitizer.clean(file))' is a WAV file: speak plays MP3, as the broadcast sends it. Play a WAV (such as --tts-wav writes) with aplay or any player.",
                                      code: ExitStatus.usage)
            }
            do {
                let pcm = try MP3Decoder.decode(Array(data))
                let device = try AudioDevice(drivers: audioDriver, device: audioDevice, rate: pcm.rate, channels: pcm.channels)
                let played = device.play(pcm)
                device.drain()
                print("\(file): decoded \(pcm.byteCount) bytes (\(pcm.rate) Hz, \(pcm.channels) ch, \(Int(pcm.durationMs)) ms), played \(played) bytes")
            } catch {
                throw UserFacingError(message: "\(TextSanitizer.clean(file)): \(error).")
            }
        }
    }
}

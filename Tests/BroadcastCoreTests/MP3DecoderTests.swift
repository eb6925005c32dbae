import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

@Suite struct MP3DecoderTests {
    /// The fixture stream's tts_ready events: real MP3 from espeak-ng and lame, with their duration_ms.
    static func ttsEvents() throws -> [TTSReady] {
        var decoder = EventStreamDecoder()
        return decoder.feed(try Fixtures.bytes("demo-broadcast.sse")).compactMap {
            if case .event(.ttsReady(let tts)) = $0 { return tts }
            return nil
        }
    }

    @Test func realMP3DecodesToTheAnnouncedDuration() throws {
        let events = try Self.ttsEvents()
        #expect(events.count == 4)
        for tts in events {
            let pcm = try MP3Decoder.decode(base64: tts.audio)
            #expect(pcm.rate == 22050)
            #expect(pcm.channels == 1)
            let announced = Double(try #require(tts.durationMs))
            // duration_ms came from lame's decoder; mpg123 drops the encoder's padding (gapless): within 100 ms.
            #expect(abs(pcm.durationMs - announced) < 100, "sid \(tts.sid): \(pcm.durationMs) ms vs \(announced) ms")
            #expect(pcm.durationMs > 1500)
        }
    }

    @Test func committedFilesDecodeToo() throws {
        for name in ["sid1-en", "sid2-en", "sid4-en", "sid5-en"] {
            let pcm = try MP3Decoder.decode(try Fixtures.bytes("audio/\(name).mp3"))
            #expect(pcm.frames > 22050, "\(name)")
            // Speech, not silence.
            #expect(pcm.samples.contains { abs(Int($0)) > 1000 })
        }
    }

    @Test func badInputIsAnErrorNotACrash() throws {
        #expect(throws: AudioError.invalidBase64) { try MP3Decoder.decode(base64: "not base64 at all!!") }
        #expect(throws: AudioError.empty) { try MP3Decoder.decode(base64: "") }
        #expect(throws: AudioError.empty) { try MP3Decoder.decode([]) }
        let garbage = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
        #expect(throws: AudioError.self) { try MP3Decoder.decode(garbage) }
        // A truncated MP3 gives what it has.
        let whole = try Fixtures.bytes("audio/sid1-en.mp3")
        let half = try MP3Decoder.decode(Array(whole.prefix(whole.count / 2)))
        let full = try MP3Decoder.decode(whole)
        #expect(half.frames > 0 && half.frames < full.frames)
    }

    @Test func base64WithLineBreaksIsAccepted() throws {
        let tts = try #require(try Self.ttsEvents().first)
        var wrapped = ""
        for (index, character) in tts.audio.enumerated() {
            wrapped.append(character)
            if index % 76 == 75 { wrapped += "\n" }
        }
        #expect(try MP3Decoder.decode(base64: wrapped) == MP3Decoder.decode(base64: tts.audio))
    }
}

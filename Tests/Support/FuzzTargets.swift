import Foundation
import BroadcastCore
import BroadcastModel
import ViewerTUI

/// What `make fuzz` feeds random input to, with the invariants each must keep.
/// A broken invariant is a `preconditionFailure`, which libFuzzer reports as a crash.
/// In BroadcastCore so that regression tests can run the same bodies on saved inputs.
public enum FuzzTargets {
    public static let names = ["sse", "events", "reducer", "audio", "wrap"]

    public static var selected: String {
        ProcessInfo.processInfo.environment["VAS_FUZZ_TARGET"] ?? "sse"
    }

    public static func run(_ target: String, _ bytes: UnsafeBufferPointer<UInt8>) {
        switch target {
        case "sse": sse(bytes)
        case "events": events(bytes)
        case "reducer": reducer(bytes)
        case "audio": audio(bytes)
        case "wrap": wrap(bytes)
        default: preconditionFailure("unknown fuzz target \(target)")
        }
    }

    /// The SSE parser fed in chunks cut where the first byte says: the same items
    /// as in one piece, and bounded memory.
    static func sse(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let first = bytes.first else { return }
        let input = UnsafeBufferPointer(rebasing: bytes.dropFirst())
        var whole = SSEParser()
        var expected = whole.feed(UnsafeRawBufferPointer(input))
        whole.finish()
        var chunked = SSEParser()
        var got: [SSEItem] = []
        let step = Int(first % 17) + 1
        var offset = 0
        while offset < input.count {
            let end = min(input.count, offset + step)
            got += chunked.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[offset..<end])))
            offset = end
        }
        chunked.finish()
        expected = expected.filter { if case .diagnostic = $0 { false } else { true } }
        got = got.filter { if case .diagnostic = $0 { false } else { true } }
        precondition(got == expected, "chunking changed what the parser saw")
    }

    /// Any bytes as the data of every event type: decoded or refused, never a trap;
    /// decoded text never holds a control character.
    static func events(_ bytes: UnsafeBufferPointer<UInt8>) {
        let data = String(decoding: bytes, as: UTF8.self)
        for type in BroadcastEvent.typeNames {
            if case .event(let event) = BroadcastEventDecoder.decode(SSEEvent(type: type, data: data)) {
                let described = "\(event)"
                precondition(!described.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B }, "ESC survived decoding")
            }
        }
    }

    /// Event sequences through the transcript and viewer state: no duplicate sid,
    /// labels consistent with the last rename, rendering never traps.
    static func reducer(_ bytes: UnsafeBufferPointer<UInt8>) {
        var model = Broadcast()
        var renamed: [String: String] = [:]
        var index = 0
        func next() -> Int {
            defer { index += 1 }
            return index < bytes.count ? Int(bytes[index]) : 0
        }
        while index < bytes.count {
            let sid = next() % 8
            let speaker = "S\(next() % 4)"
            let event: BroadcastEvent
            switch next() % 9 {
            case 0: event = .origin(Origin(sid: sid, text: "o\(sid)", isFinal: next() % 2 == 0, speaker: SpeakerTag(id: speaker, label: nil)))
            case 1: event = .translation(Translation(sid: sid, language: ["en-US", "ja-JP"][next() % 2], text: "t\(sid)"))
            case 2:
                let label = "L\(next())"
                renamed[speaker] = label
                event = .speakerRenamed(SpeakerRenamed(speakerID: speaker, newLabel: label, affectedSids: [sid]))
            case 3: event = .speakerReassigned(SpeakerReassigned(sid: sid, newSpeakerID: speaker, newSpeakerLabel: nil))
            case 4: event = .speakersMerged(SpeakersMerged(sourceSpeakerID: speaker, targetSpeakerID: "S\(next() % 4)", affectedSids: [sid]))
            case 5: event = .recordingStarted
            case 6: event = .error(ServerError(code: "x", sid: sid, translationLanguage: "en-US"))
            case 7: event = .connected(Connected(availableLanguages: ["en-US", "ja-JP"], recognitionMode: .multiSpeaker))
            default: event = .paused(message: nil)
            }
            model.apply(event)
        }
        for segment in model.transcript.segments {
            let sids = segment.sentences.values.map(\.sid)
            precondition(Set(sids).count == sids.count, "a sid twice in one recording")
        }
        var ui = ViewerUI(server: "s", token: "a3f9", language: "en-US")
        _ = ui.apply(.connected, to: &model, now: 0)
        _ = Renderer.render(model, ui, columns: 60, rows: 14, now: 0)
        _ = TranscriptExport.render(model, ExportOptions(format: .srt))
    }

    /// base64 + MP3 decoding of anything: an error or PCM, never a trap.
    static func audio(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = try? MP3Decoder.decode(Array(bytes))
        _ = try? MP3Decoder.decode(base64: String(decoding: bytes, as: UTF8.self))
    }

    /// Width and wrapping of any text: every line fits, nothing is lost but spaces.
    static func wrap(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let first = bytes.first else { return }
        let text = TextSanitizer.clean(String(decoding: bytes.dropFirst(), as: UTF8.self))
        let width = Int(first % 40) + 1
        let lines = TextWrap.lines([Span(text, .text)], width: width, indent: Int(first / 40) % 4)
        for line in lines { precondition(TextWrap.width(line) <= max(width, 2), "a line wider than the room") }
    }
}

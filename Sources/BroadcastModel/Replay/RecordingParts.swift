/// A `--record-raw` file is one part per connection, separated by
/// `:@reconnect` comment lines (see `RawRecorder`).
public enum RecordingParts {
    static let marker = Array(("\n:" + ReplayTiming.reconnectComment + "\n").utf8)
    /// At the very start, the marker has no preceding line end.
    static let leadingMarker = Array(marker.dropFirst())

    /// What the splitter makes of the bytes: a part's bytes, or the start of the next part.
    public enum Piece: Equatable {
        case bytes(ArraySlice<UInt8>)
        case newPart
    }

    /// Splits a recording given a chunk at a time. A part keeps the line end before its
    /// marker; a marker cut between two chunks is found (the last bytes of a chunk that may
    /// begin one are held back until the next).
    public struct Splitter {
        private var held: [UInt8] = []
        private var atStart = true
        private var ended = false

        public init() {}

        /// The pieces a chunk completes; nil is the end of the recording (everything held is given).
        public mutating func split(_ chunk: [UInt8]?) -> [Piece] {
            guard !ended else { return [] }
            if let chunk { held += chunk } else { ended = true }
            if atStart {
                // Too short to tell whether it opens with a marker: wait for more.
                if !ended, held.count < leadingMarker.count, leadingMarker.starts(with: held) { return [] }
                atStart = false
                if held.starts(with: leadingMarker) { held.removeFirst(leadingMarker.count) }
            }
            var pieces: [Piece] = []
            var start = 0
            var index = 0
            while index + marker.count <= held.count {
                if held[index] == 0x0A, held[index..<(index + marker.count)].elementsEqual(marker) {
                    if index + 1 > start { pieces.append(.bytes(held[start..<(index + 1)])) }
                    pieces.append(.newPart)
                    index += marker.count
                    start = index
                } else {
                    index += 1
                }
            }
            // What may begin a marker stays held, unless the recording has ended.
            let keep = ended ? 0 : min(marker.count - 1, held.count - start)
            let end = held.count - keep
            if end > start { pieces.append(.bytes(held[start..<end])) }
            held = Array(held[end...])
            return pieces
        }
    }
}

/// What kind of file a person handed to `replay`, `export` or `events`: a wrong file is
/// refused with one sentence instead of giving an empty transcript.
public enum RecordingCheck {
    /// The first non-blank byte is `{`: JSON lines (an autosave journal, or a saved .jsonl).
    public static func looksLikeJSONLines(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.first { !isBlank($0) } == UInt8(ascii: "{")
    }

    /// At least one event of the broadcast API, in any part of a recording (read only as
    /// far as the first).
    public static func holdsBroadcastEvents(_ reader: inout RecordingReader) throws -> Bool {
        while let (parsed, _) = try reader.read() {
            if isBroadcastEvent(parsed) { return true }
        }
        return false
    }

    public static func holdsBroadcastEvents(_ bytes: [UInt8]) -> Bool {
        var reader = RecordingReader(bytes)
        return (try? holdsBroadcastEvents(&reader)) ?? false
    }

    /// An event of the broadcast API (not another stream's).
    public static func isBroadcastEvent(_ parsed: SSEItem) -> Bool {
        if case .event(let event) = parsed { return BroadcastEvent.typeNames.contains(event.type) }
        return false
    }

    public static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// A `--record-raw` file is one part per connection, separated by
/// `:@reconnect` comment lines (see `RawRecorder`).
public enum RecordingParts {
    private static let marker = Array(("\n:" + ReplayTiming.reconnectComment + "\n").utf8)

    /// The parts, each to be parsed as a stream of its own.
    public static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        let count = bytes.count
        // At the very start, the marker has no preceding line end.
        let leading = Array(marker.dropFirst())
        if bytes.starts(with: leading) { start = leading.count; index = start }
        while index + marker.count <= count {
            if bytes[index] == 0x0A, bytes[index..<(index + marker.count)].elementsEqual(marker) {
                parts.append(bytes[start..<(index + 1)])
                index += marker.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(bytes[start...])
        return parts.filter { !$0.isEmpty }
    }
}

/// What kind of file a person handed to `replay`, `export` or `events`: a wrong file is
/// refused with one sentence instead of giving an empty transcript.
public enum RecordingCheck {
    /// The first non-blank byte is `{`: JSON lines (an autosave journal, or a saved .jsonl).
    public static func looksLikeJSONLines(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.first { !isBlank($0) } == UInt8(ascii: "{")
    }

    /// At least one event of the broadcast API, in any part of a recording.
    public static func holdsBroadcastEvents(_ bytes: [UInt8]) -> Bool {
        var reader = RecordingReader(bytes)
        while let (parsed, _) = reader.read() {
            if case .event(let event) = parsed, BroadcastEvent.typeNames.contains(event.type) { return true }
        }
        return false
    }

    public static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

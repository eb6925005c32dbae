/// A `--record-raw` recording read back, the one way replay (full screen and plain),
/// export and the file checks all read it: each part (one connection) parsed as a stream
/// of its own — an event cut off by a drop is not glued to the next connection's first —
/// every event decoded, and nothing read after the event that ends the broadcast for the
/// viewer (`SessionOutcome(endingAt:)`), as the live stream stops there.
public struct RecordingReader {
    private let parts: [ArraySlice<UInt8>]
    private var part = 0
    private var parser = SSEParser()
    private var parsed: [SSEItem] = []
    private var next = 0
    /// How the recording ended the broadcast, once that event was read.
    public private(set) var outcome: SessionOutcome?

    public init(_ bytes: [UInt8]) {
        parts = RecordingParts.split(bytes)
    }

    /// The next thing in the recording: what the parser read (comments carry the timing) and,
    /// for an event, what it decodes to. Nil at the end, or after the ending event.
    public mutating func read() -> (parsed: SSEItem, item: StreamItem?)? {
        guard outcome == nil else { return nil }
        while next == parsed.count {
            guard part < parts.count else { return nil }
            if part > 0 { parser.finish() }
            parsed = parts[part].withUnsafeBytes { parser.feed($0) }
            next = 0
            part += 1
        }
        let one = parsed[next]
        next += 1
        let item = EventStreamDecoder.item(for: one)
        if case .event(let event)? = item { outcome = SessionOutcome(endingAt: event) }
        return (one, item)
    }

    /// Every decoded item, up to and with the ending event.
    public static func items(_ bytes: [UInt8]) -> [StreamItem] {
        var reader = RecordingReader(bytes)
        var items: [StreamItem] = []
        while let (_, item) = reader.read() { if let item { items.append(item) } }
        return items
    }
}

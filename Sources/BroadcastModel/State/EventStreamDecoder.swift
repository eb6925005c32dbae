/// Bytes in, `StreamItem`s out: the SSE parser and the event decoder together.
public struct EventStreamDecoder: Sendable {
    public private(set) var parser: SSEParser

    public init(parser: SSEParser = SSEParser()) {
        self.parser = parser
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [StreamItem] {
        parser.feed(bytes).compactMap(Self.item(for:))
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [StreamItem] {
        parser.feed(bytes).compactMap(Self.item(for:))
    }

    /// End of one connection's stream; the last event id carries over.
    public mutating func finish() {
        parser.finish()
    }

    public static func item(for parsed: SSEItem) -> StreamItem? {
        switch parsed {
        case .event(let event):
            switch BroadcastEventDecoder.decode(event) {
            case .event(let decoded): return .event(decoded)
            case .unknown(let type): return .unknown(type: type)
            case .malformed(let type, let reason): return .malformed(type: type, reason: reason)
            }
        case .comment(let text):
            return BroadcastEventDecoder.decode(comment: text).map(StreamItem.event)
        case .diagnostic(let diagnostic):
            return .dropped(diagnostic)
        }
    }
}

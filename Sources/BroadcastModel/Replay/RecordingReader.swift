/// A `--record-raw` recording read back, the one way replay (full screen and plain),
/// export and the file checks all read it: each part (one connection) parsed as a stream
/// of its own — an event cut off by a drop is not glued to the next connection's first —
/// every event decoded, and nothing read after the event that ends the broadcast for the
/// viewer (`SessionOutcome(endingAt:)`), as the live stream stops there.
///
/// It streams: the recording arrives a chunk at a time from `input` and only the part of it
/// not yet parsed is held (a few bytes at a chunk's end that may begin a reconnection
/// marker), so a recording of any length is read in the memory of its transcript.
public struct RecordingReader {
    /// The next chunk of the recording, nil at its end.
    public typealias Input = () throws -> [UInt8]?

    private var input: Input
    private var splitter = RecordingParts.Splitter()
    private var inputEnded = false
    private var parser = SSEParser()
    private var parsed: [SSEItem] = []
    private var next = 0
    /// How the recording ended the broadcast, once that event was read.
    public private(set) var outcome: SessionOutcome?

    /// What `read` gives as the parsed item where a connection ended (`:@reconnect`).
    public static let reconnectComment = "@reconnect"

    /// A recording read from `input`, a chunk at a time.
    public init(input: @escaping Input) {
        self.input = input
    }

    /// A recording held whole (standard input, tests).
    public init(_ bytes: [UInt8]) {
        var given = false
        self.init(input: {
            defer { given = true }
            return given ? nil : bytes
        })
    }

    /// The next thing in the recording: what the parser read (comments carry the timing) and,
    /// for an event, what it decodes to. Nil at the end, or after the ending event. Throws
    /// what reading the input threw.
    public mutating func read() throws -> (parsed: SSEItem, item: StreamItem?)? {
        guard outcome == nil else { return nil }
        while next == parsed.count {
            guard !inputEnded else { return nil }
            parsed = []
            next = 0
            let chunk = try input()
            if chunk == nil { inputEnded = true }
            for piece in splitter.split(chunk) {
                switch piece {
                case .bytes(let bytes): parsed += bytes.withUnsafeBytes { parser.feed($0) }
                case .newPart:
                    parser.finish()
                    parsed.append(.comment(Self.reconnectComment))
                }
            }
        }
        let one = parsed[next]
        next += 1
        // Where one connection ended: sentences missing across it are gaps (Segment.gaps).
        if one == .comment(Self.reconnectComment) { return (one, .reconnected) }
        let item = EventStreamDecoder.item(for: one)
        if case .event(let event)? = item { outcome = SessionOutcome(endingAt: event) }
        return (one, item)
    }

    /// Every decoded item of a recording held whole, up to and with the ending event.
    public static func items(_ bytes: [UInt8]) -> [StreamItem] {
        var reader = RecordingReader(bytes)
        var items: [StreamItem] = []
        while let (_, item) = try! reader.read() { if let item { items.append(item) } }  // a held recording cannot fail to read
        return items
    }
}

import PropertyBased
import Testing
@testable import BroadcastModel

/// A recording is read a chunk at a time (replay and export stream it): wherever the chunks
/// are cut — through a reconnection marker, an event, a multi-byte character — the reader
/// gives the same events, each connection parsed on its own.
@Suite struct RecordingReaderStreaming {
    static let recording = Array((
        ":@reconnect\n"                                                  // a marker at the very start
        + ":@t=0.500\nevent: origin\ndata: {\"text\":\"大家好\"}\n\n"
        + "event: origin\ndata: {\"cut"                                  // cut off by a drop…
        + "\n:@reconnect\n"                                              // …and the next connection
        + "event: translation\ndata: {\"text\":\"Hello\"}\n\n"
        + ":@t=1.250\nevent: origin\ndata: {\"text\":\"再见\"}\n\n"
    ).utf8)

    /// Written out by hand: the cut event is not glued to the next connection's first.
    static let expected: [SSEEvent] = [
        SSEEvent(type: "origin", data: "{\"text\":\"大家好\"}", lastEventID: ""),
        SSEEvent(type: "translation", data: "{\"text\":\"Hello\"}", lastEventID: ""),
        SSEEvent(type: "origin", data: "{\"text\":\"再见\"}", lastEventID: ""),
    ]

    static func events(chunks sizes: [Int]) throws -> [SSEEvent] {
        var rest = recording[...]
        var next = 0
        var reader = RecordingReader(input: {
            guard !rest.isEmpty else { return nil }
            let size = sizes.isEmpty ? rest.count : sizes[next % sizes.count]
            next += 1
            defer { rest = rest.dropFirst(size) }
            return Array(rest.prefix(size))
        })
        var events: [SSEEvent] = []
        while let (parsed, _) = try reader.read() {
            if case .event(let event) = parsed { events.append(event) }
        }
        return events
    }

    @Test func wholeGivesEachConnectionsEvents() throws {
        #expect(try Self.events(chunks: []) == Self.expected)
    }

    @Test func oneByteAtATime() throws {
        #expect(try Self.events(chunks: [1]) == Self.expected)
    }

    @Test func randomChunks() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...40).array(of: 1...16)) { sizes in
            #expect((try? Self.events(chunks: sizes)) == Self.expected)
        }
    }

    /// The timing comments survive the split too (replay paces by them), and where a
    /// connection ended is said where it was (the model measures gaps across it).
    @Test func timingCommentsAreRead() throws {
        var reader = RecordingReader(Self.recording)
        var comments: [String] = []
        while let (parsed, _) = try reader.read() {
            if case .comment(let text) = parsed { comments.append(text) }
        }
        #expect(comments == ["@t=0.500", "@reconnect", "@t=1.250"])
    }

    /// A read error reaches the caller (replay says it; it is not taken for the end).
    @Test func aReadErrorIsThrown() {
        struct Broken: Error {}
        var first = true
        var reader = RecordingReader(input: {
            defer { first = false }
            if first { return Array("event: origin\ndata: {}\n\n".utf8) }
            throw Broken()
        })
        #expect(throws: Broken.self) {
            while try reader.read() != nil {}
        }
    }
}

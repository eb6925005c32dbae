import Foundation
import PropertyBased
import Testing
import TestSupport
@testable import BroadcastModel

/// NIO's decoder-verifier idea: the same bytes give the same items whether fed
/// one byte at a time, all at once, or split at random.
@Suite struct SSEChunking {
    /// A stream that exercises every rule: BOM, all line endings, comments,
    /// multi-byte text, invalid UTF-8, ids, retry and an unfinished tail.
    static let tricky: [UInt8] = [0xEF, 0xBB, 0xBF]
        + Array(": heartbeat\r\nevent: origin\rid: 1\ndata: {\"text\":\"大家好 😀\"}\r\n\r\n".utf8)
        + Array("data: a\ndata: b\r\rretry: 3000\nid\n\n: c\ndata:x\n".utf8) + [0xE4, 0xBD]
        + Array("\n\nevent: e\r\ndata: tail-unfinished\n".utf8)

    static var fixture: [UInt8] {
        (try? Array(Data(contentsOf: Fixtures.url("demo-broadcast.sse")))) ?? []
    }

    static func reference(_ bytes: [UInt8]) -> [SSEItem] {
        parse(bytes).items
    }

    @Test func oneByteAtATimeEqualsAllAtOnce() {
        for bytes in [Self.tricky, Self.fixture] {
            #expect(!bytes.isEmpty)
            let ones = parse(bytes, chunks: Array(repeating: 1, count: bytes.count)).items
            #expect(ones == Self.reference(bytes))
        }
    }

    @Test func trickyStreamGivesTheExpectedEvents() {
        // `id` alone then a blank line resets the id without dispatching; the line
        // of two invalid bytes is a field named U+FFFD, ignored; the tail is unfinished.
        #expect(Self.reference(Self.tricky) == [
            .comment("heartbeat"),
            .event(SSEEvent(type: "origin", data: "{\"text\":\"大家好 😀\"}", lastEventID: "1")),
            .event(SSEEvent(type: "message", data: "a\nb", lastEventID: "1")),
            .comment("c"),
            .event(SSEEvent(type: "message", data: "x", lastEventID: "")),
        ])
    }

    /// Random splits of the tricky stream against its expected items, written out above
    /// (not against the parser's own reading of the whole).
    @Test func randomSplitsOfTheTrickyStreamGiveItsEvents() async {
        let expected = Self.reference(Self.tricky)
        #expect(expected.count == 5)
        await propertyCheck(count: 200, input: Gen.int(in: 1...97).array(of: 1...64)) { sizes in
            #expect(parse(Self.tricky, chunks: Self.chunks(sizes, total: Self.tricky.count)).items == expected)
        }
    }

    /// Events written by the test itself, each line ended by LF, CR or CRLF at random, split at
    /// random (a CR at the end of a chunk with its LF in the next, included): the parser gives
    /// back exactly the events written. The expectation comes from the generator, not the parser.
    @Test func generatedEventsWithEveryLineEndingSplitAnywhere() async {
        let texts = ["a", "大家好，歡迎。", "😀 ok", "x: y", " lead", "", "{\"sid\":1}"]
        let types = ["origin", "translation", "message"]
        await propertyCheck(count: 400, input: Gen.int(in: 0...999_999).array(of: 8...60), Gen.int(in: 1...9).array(of: 1...24)) { picks, sizes in
            var cursor = 0
            func pick(_ count: Int) -> Int {
                defer { cursor += 1 }
                return picks[cursor % picks.count] % count
            }
            var stream: [UInt8] = []
            var expected: [SSEEvent] = []
            var lastEnding = ""
            func line(_ text: String) {
                // After a lone CR, an empty line's LF would make CR LF, one line end: no blank line.
                let endings = lastEnding == "\r" && text.isEmpty ? ["\r", "\r\n"] : ["\n", "\r", "\r\n"]
                lastEnding = endings[pick(endings.count)]
                stream += Array((text + lastEnding).utf8)
            }
            for _ in 0..<(1 + pick(4)) {
                let type = types[pick(types.count)]
                let data = (0..<(1 + pick(3))).map { _ in texts[pick(texts.count)] }
                if type != "message" { line("event: \(type)") }
                if pick(3) == 0 { line(": comment") }
                for text in data { line("data: \(text)") }
                line("")
                expected.append(SSEEvent(type: type, data: data.joined(separator: "\n"), lastEventID: ""))
            }
            let items = parse(stream, chunks: Self.chunks(sizes, total: stream.count)).items
            let events = items.compactMap { if case .event(let event) = $0 { event } else { nil } }
            #expect(events == expected, "\(String(decoding: stream, as: UTF8.self).debugDescription)")
        }
    }

    static func chunks(_ sizes: [Int], total: Int) -> [Int] {
        var chunks: [Int] = []
        var sum = 0
        var index = 0
        while sum < total {
            let size = sizes[index % sizes.count] * (index % 5 == 0 ? 53 : 1)
            chunks.append(size)
            sum += size
            index += 1
        }
        return chunks
    }
}

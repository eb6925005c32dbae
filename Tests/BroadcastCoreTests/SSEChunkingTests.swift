import Foundation
import PropertyBased
import Testing
@testable import BroadcastCore
import TestSupport

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

    @Test func randomSplitsGiveTheSameItems() async {
        let streams = [Self.tricky, Self.fixture]
        await propertyCheck(count: 200, input: Gen.int(in: 1...97).array(of: 1...64), Gen.int(in: 0...1)) { sizes, which in
            let bytes = streams[which]
            var chunks: [Int] = []
            var total = 0
            var index = 0
            while total < bytes.count {
                let size = sizes[index % sizes.count] * (index % 5 == 0 ? 53 : 1)
                chunks.append(size)
                total += size
                index += 1
            }
            #expect(parse(bytes, chunks: chunks).items == Self.reference(bytes))
        }
    }
}

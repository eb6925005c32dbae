import Testing
import TestSupport
@testable import BroadcastModel

/// Parses `bytes` fed in the given chunk sizes (the rest in one chunk), then ends the stream.
func parse(_ bytes: [UInt8], chunks: [Int] = [], maxSize: Int = SSEParser.defaultMaxSize) -> (items: [SSEItem], parser: SSEParser) {
    var parser = SSEParser(maxSize: maxSize)
    var items: [SSEItem] = []
    var offset = 0
    for size in chunks where offset < bytes.count {
        let end = min(bytes.count, offset + size)
        items += parser.feed(bytes[offset..<end])
        offset = end
    }
    if offset < bytes.count { items += parser.feed(bytes[offset...]) }
    parser.finish()
    return (items, parser)
}

func events(_ text: String, chunks: [Int] = []) -> [SSEEvent] {
    parse(Array(text.utf8), chunks: chunks).items.compactMap {
        if case .event(let event) = $0 { return event }
        return nil
    }
}

func event(_ data: String, type: String = "message", id: String = "") -> SSEEvent {
    SSEEvent(type: type, data: data, lastEventID: id)
}

@Suite struct SSEParserRules {
    @Test func simpleEventDefaultsToMessage() {
        #expect(events("data: hello\n\n") == [event("hello")])
    }

    @Test func eventTypeIsSetAndResetsAfterDispatch() {
        #expect(events("event: origin\ndata: a\n\ndata: b\n\n") == [event("a", type: "origin"), event("b")])
    }

    @Test func emptyEventFieldMeansMessage() {
        #expect(events("event:\ndata: x\n\n") == [event("x")])
    }

    @Test func eventTypeResetsEvenWhenNothingIsDispatched() {
        #expect(events("event: origin\n\ndata: x\n\n") == [event("x")])
    }

    @Test func dataLinesJoinWithLineFeedAndLastOneIsRemoved() {
        #expect(events("data: a\ndata: b\n\n") == [event("a\nb")])
        #expect(events("data: a\ndata:\n\n") == [event("a\n")])
        #expect(events("data:\ndata:\n\n") == [event("\n")])
    }

    @Test func fieldWithoutColonHasEmptyValue() {
        // `data` alone makes the buffer "\n": not empty, so it dispatches "".
        #expect(events("data\n\n") == [event("")])
        #expect(events("event\ndata: x\n\n") == [event("x")])
    }

    @Test func onlyOneLeadingSpaceIsStripped() {
        #expect(events("data:  two\n\n") == [event(" two")])
        #expect(events("data:none\n\n") == [event("none")])
        #expect(events("data:\tx\n\n") == [event("\tx")])
    }

    @Test func valueKeepsLaterColons() {
        #expect(events("data: a: b:c\n\n") == [event("a: b:c")])
    }

    @Test func commentsAreReportedNotDispatched() {
        let items = parse(Array(": heartbeat\n:\n:  two\ndata: x\n\n".utf8)).items
        #expect(items == [.comment("heartbeat"), .comment(""), .comment(" two"), .event(event("x"))])
    }

    @Test func emptyDataBufferIsNotDispatchedButIdIsKept() {
        #expect(events("id: 7\n\ndata: x\n\n") == [event("x", id: "7")])
        #expect(events("event: origin\nid: 3\n\n") == [])
    }

    @Test func lastEventIdPersistsAcrossEvents() {
        #expect(events("id: 1\ndata: a\n\ndata: b\n\n") == [event("a", id: "1"), event("b", id: "1")])
    }

    @Test func emptyIdResetsTheLastEventId() {
        #expect(events("id: 1\ndata: a\n\nid\ndata: b\n\n") == [event("a", id: "1"), event("b", id: "")])
        #expect(events("id: 1\ndata: a\n\nid:\ndata: b\n\n") == [event("a", id: "1"), event("b", id: "")])
    }

    @Test func idContainingNulIsIgnored() {
        #expect(events("id: 1\ndata: a\n\nid: x\u{0}y\ndata: b\n\n") == [event("a", id: "1"), event("b", id: "1")])
    }

    @Test func idIsTakenAsIsIncludingSpaces() {
        #expect(events("id:  a b \ndata: x\n\n") == [event("x", id: " a b ")])
    }

    @Test func retryAcceptsOnlyAsciiDigits() {
        func retry(_ text: String) -> Int? { parse(Array(text.utf8)).parser.reconnectionTime }
        #expect(retry("retry: 1500\n") == 1500)
        #expect(retry("retry:0\n") == 0)
        #expect(retry("retry: 15a\n") == nil)
        #expect(retry("retry: -1\n") == nil)
        #expect(retry("retry: 1.5\n") == nil)
        #expect(retry("retry:\n") == nil)
        #expect(retry("retry:  15\n") == nil)
        #expect(retry("retry: ١٥\n") == nil)  // Arabic-Indic digits are not ASCII digits
        #expect(retry("retry: 1500\nretry: x\n") == 1500)
        #expect(retry("retry: 99999999999999999999999\n") == nil)
    }

    @Test func retryDoesNotDispatch() {
        #expect(events("retry: 10\n\n") == [])
    }

    @Test func unknownFieldsAndWrongCaseAreIgnored() {
        #expect(events("foo: bar\nData: no\ndata: x\n\n") == [event("x")])
    }

    @Test func everyLineEndingWorks() {
        #expect(events("data: a\rdata: b\r\r") == [event("a\nb")])
        #expect(events("data: a\r\ndata: b\r\n\r\n") == [event("a\nb")])
        #expect(events("data: a\ndata: b\r\n\r") == [event("a\nb")])
        #expect(events("data: a\n\rdata: b\n\n") == [event("a"), event("b")])
    }

    @Test func crAtChunkEndAndLfAtNextStartAreOneLineEnd() {
        let text = "data: a\r\ndata: b\r\n\r\n"
        for split in 0...text.utf8.count {
            #expect(events(text, chunks: [split]) == [event("a\nb")], "split at \(split)")
        }
    }

    @Test func byteOrderMarkIsSkippedOnlyAtTheStart() {
        #expect(events("\u{FEFF}data: x\n\n") == [event("x")])
        // A second BOM becomes part of the field name: an unknown field.
        #expect(events("\u{FEFF}\u{FEFF}data: x\n\n") == [])
        #expect(events("data: x\n\n\u{FEFF}data: y\n\n") == [event("x")])
        #expect(events("data: \u{FEFF}x\n\n") == [event("\u{FEFF}x")])
    }

    @Test func byteOrderMarkSplitAcrossChunks() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)
        for first in 1...3 {
            #expect(parse(bytes, chunks: [first, 1, 1]).items == [.event(event("x"))], "first chunk \(first)")
        }
    }

    @Test func partialByteOrderMarkIsContent() {
        // EF BB then "d": not a BOM; the two bytes are invalid UTF-8 in the field name.
        let bytes: [UInt8] = [0xEF, 0xBB] + Array("data: x\n\ndata: y\n\n".utf8)
        #expect(parse(bytes, chunks: [1, 1]).items == [.event(event("y"))])
    }

    @Test func unfinishedEventAtEndOfStreamIsDiscarded() {
        #expect(events("data: x\n") == [])
        #expect(events("data: x") == [])
        #expect(events("data: a\n\ndata: b\n") == [event("a")])
    }

    @Test func idOfAnUnfinishedEventDoesNotBecomeTheLastEventId() {
        let (_, parser) = parse(Array("id: 1\ndata: a\n\nid: 2\ndata: b\n".utf8))
        #expect(parser.lastEventID == "1")
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let bytes: [UInt8] = Array("data: a".utf8) + [0xFF, 0xC3] + Array("b\n\n".utf8)
        #expect(parse(bytes).items == [.event(event("a\u{FFFD}\u{FFFD}b"))])
    }

    @Test func multiByteCharacterSplitAcrossChunksIsKept() {
        let text = "data: 你好，世界 😀\n\n"
        for split in 0...text.utf8.count {
            #expect(events(text, chunks: [split]) == [event("你好，世界 😀")], "split at \(split)")
        }
    }

    @Test func nulInDataIsKept() {
        #expect(events("data: a\u{0}b\n\n") == [event("a\u{0}b")])
    }

    @Test func lastEventIdCarriesOverToTheNextConnection() {
        var parser = SSEParser(lastEventID: "41")
        let items = parser.feed(Array("data: x\n\n".utf8))
        #expect(items == [.event(event("x", id: "41"))])
    }

    @Test func finishForgetsPartialStateButKeepsIdAndRetry() {
        var parser = SSEParser()
        _ = parser.feed(Array("retry: 7\nid: 5\ndata: x\n\nevent: e\ndata: half".utf8))
        parser.finish()
        let items = parser.feed(Array("data: y\n\n".utf8))
        #expect(items == [.event(event("y", id: "5"))])
        #expect(parser.reconnectionTime == 7)
    }
}

@Suite struct SSEParserLimits {
    @Test func oversizedLineIsDroppedAndParserResynchronises() {
        let long = String(repeating: "x", count: 200)
        let text = "event: tts_ready\ndata: \(long)\ndata: more\n\ndata: ok\n\n"
        for chunk in [1, 7, 64, 10_000] {
            let items = parse(Array(text.utf8), chunks: Array(repeating: chunk, count: 400), maxSize: 64).items
            #expect(items.count == 2, "chunk \(chunk)")
            guard case .diagnostic(.lineTooLong) = items.first else {
                Issue.record("expected a line diagnostic, got \(items)")
                continue
            }
            #expect(items.last == .event(event("ok")))
        }
    }

    @Test func oversizedEventIsDroppedAndParserResynchronises() {
        let part = String(repeating: "y", count: 40)
        let text = "data: \(part)\ndata: \(part)\ndata: \(part)\n\ndata: ok\n\n"
        let items = parse(Array(text.utf8), maxSize: 64).items
        #expect(items.count == 2)
        if case .diagnostic(.eventTooLarge) = items.first {} else { Issue.record("got \(items)") }
        #expect(items.last == .event(event("ok")))
    }

    @Test func endlessLineKeepsMemoryBounded() {
        var parser = SSEParser(maxSize: 1024)
        let chunk = [UInt8](repeating: 0x41, count: 4096)
        var diagnostics = 0
        for _ in 0..<256 {  // 1 MiB with no line end
            for item in parser.feed(chunk) { if case .diagnostic = item { diagnostics += 1 } }
            #expect(parser.bufferedBytes <= 1024)
        }
        #expect(diagnostics == 1)
        #expect(parser.feed(Array("\n\ndata: after\n\n".utf8)) == [.event(event("after"))])
    }

    @Test func lineExactlyAtTheCapIsKept() {
        let value = String(repeating: "z", count: 58)  // "data: " + 58 = 64 bytes
        #expect(parse(Array("data: \(value)\n\n".utf8), maxSize: 65).items == [.event(event(value))])
    }
}

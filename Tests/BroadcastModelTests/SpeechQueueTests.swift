import Testing
import TestSupport
@testable import BroadcastModel

func item(_ sid: Int, seconds: Double, boundaries: [WordBoundary] = []) -> SpeechQueue.Item {
    SpeechQueue.Item(sid: sid, language: "en-US", text: "s\(sid)", durationMs: Int(seconds * 1000), boundaries: boundaries)
}

@Suite struct SpeechQueueTests {
    @Test func playsInOrderOfArrival() {
        var queue = SpeechQueue(maxLag: 8)
        queue.enqueue(item(1, seconds: 2), now: 0)
        queue.enqueue(item(2, seconds: 2), now: 0)
        #expect(queue.start(now: 0)?.sid == 1)
        #expect(queue.start(now: 1) == nil)  // one at a time
        queue.finished()
        #expect(queue.start(now: 2)?.sid == 2)
    }

    @Test func backlogBeyondTheLagDropsTheOldestWaiting() {
        var queue = SpeechQueue(maxLag: 8)
        queue.enqueue(item(1, seconds: 3), now: 0)
        _ = queue.start(now: 0)
        #expect(queue.enqueue(item(2, seconds: 3), now: 0) == 0)
        #expect(queue.enqueue(item(3, seconds: 3), now: 0) == 1)  // 3 + 3 + 3 > 8: sentence 2 goes
        #expect(queue.waiting.map(\.sid) == [3])
        // Time passes: the sentence playing counts only for what is left of it.
        #expect(queue.backlog(now: 2) == 4)
        #expect(queue.enqueue(item(4, seconds: 4), now: 2) == 0)  // 1 + 3 + 4 = 8
    }

    @Test func theNewestIsNeverDroppedForItself() {
        var queue = SpeechQueue(maxLag: 2)
        #expect(queue.enqueue(item(1, seconds: 10), now: 0) == 0)
        #expect(queue.waiting.count == 1)
    }

    @Test func muteDropsAndKeepsDropping() {
        var queue = SpeechQueue()
        queue.enqueue(item(1, seconds: 1), now: 0)
        queue.setMuted(true)
        queue.enqueue(item(2, seconds: 1), now: 0)
        #expect(queue.waiting.isEmpty)
        queue.setMuted(false)
        queue.enqueue(item(3, seconds: 1), now: 0)
        #expect(queue.waiting.map(\.sid) == [3])
    }

    @Test func skipAndFlush() {
        var queue = SpeechQueue()
        queue.enqueue(item(1, seconds: 1), now: 0)
        queue.enqueue(item(2, seconds: 1), now: 0)
        _ = queue.start(now: 0)
        queue.finished()  // skip
        #expect(queue.start(now: 0.1)?.sid == 2)
        queue.enqueue(item(3, seconds: 1), now: 0.2)
        #expect(queue.dropWaiting() == 1)  // language switched: the player stops the one playing itself
        #expect(queue.waiting.isEmpty)
        #expect(queue.playing?.item.sid == 2)
    }

    @Test func theSpokenWordFollowsTheClock() {
        let words = [WordBoundary(offsetMs: 0, durationMs: 300, text: "Hello", textOffset: 0, wordLength: 5),
                     WordBoundary(offsetMs: 300, durationMs: 400, text: "world", textOffset: 6, wordLength: 5)]
        #expect(SpeechQueue.word(in: words, elapsedMs: 100)?.text == "Hello")
        #expect(SpeechQueue.word(in: words, elapsedMs: 500)?.text == "world")
        #expect(SpeechQueue.word(in: words, elapsedMs: 900) == nil)
    }
}

@Suite struct SpeechHighlightTests {
    func word(_ text: String, _ offset: Int, _ length: Int) -> String? {
        SpeechHighlight.range(of: WordBoundary(offsetMs: 0, durationMs: 0, text: "", textOffset: offset, wordLength: length), in: text)
            .map { String(text[$0]) }
    }

    @Test func utf16OffsetsInLatinChineseJapaneseAndEmoji() {
        #expect(word("Hello world", 6, 5) == "world")
        #expect(word("大家好，歡迎", 4, 2) == "歡迎")
        #expect(word("こんにちは世界", 5, 2) == "世界")
        // 😀 is two UTF-16 units: "ok" starts at 3.
        #expect(word("😀 ok", 3, 2) == "ok")
        #expect(word("😀 ok", 0, 2) == "😀")
    }

    @Test func offsetsInsideACharacterRoundOutwards() {
        #expect(word("😀 ok", 1, 1) == "😀")
        #expect(word("e\u{301}x", 1, 1) == "e\u{301}")
    }

    @Test func outOfRangeIsClampedOrIgnored() {
        #expect(word("Hello", 3, 100) == "lo")
        #expect(word("Hello", -2, 4) == "He")
        #expect(word("Hello", 5, 2) == nil)
        #expect(word("Hello", 99, 2) == nil)
        #expect(word("Hello", 1, 0) == nil)
        #expect(word("Hello", -10, 3) == nil)
        #expect(word("", 0, 1) == nil)
    }
}

@Suite struct HostileBoundaryTests {
    @Test func extremeNumbersNeverTrapAndGiveNoNonsense() {
        let text = "大家好 😀 ok"
        let units = text.utf16.count  // 9: the emoji is two
        let extremes = [Int.min, Int.min + 1, -1, 0, 1, 4, Int.max - 1, Int.max]
        for offset in extremes {
            for length in extremes {
                let boundary = WordBoundary(offsetMs: offset, durationMs: length, text: "", textOffset: offset, wordLength: length)
                // A range exactly when the word has a length and starts before the text ends; clamped, never empty.
                let end = offset > Int.max - max(length, 0) ? units : min(units, offset + max(length, 0))
                let expectsRange = length > 0 && offset < units && end > max(0, offset)
                let range = SpeechHighlight.range(of: boundary, in: text)
                #expect((range != nil) == expectsRange, "offset \(offset), length \(length)")
                #expect(range.map { !$0.isEmpty } ?? true)
                // Said at 500 ms exactly when 500 falls inside [offset, offset + duration).
                let into = 500.subtractingReportingOverflow(offset)
                let said = !into.overflow && into.partialValue >= 0 && into.partialValue < max(length, 1)
                #expect((SpeechQueue.word(in: [boundary], elapsedMs: 500) != nil) == said, "offset \(offset), duration \(length)")
                // The next change is the nearest edge after 500, whatever the numbers.
                let edges = [offset, offset &+ max(length, 1)].filter { $0 > 500 }
                #expect(SpeechQueue.nextChange(in: [boundary], elapsedMs: 500) == edges.min().map { $0 - 500 })
            }
        }
    }

    /// A word is said from its offset for its duration, and not a millisecond longer (the
    /// highlight moves on exactly when the next change says it does).
    @Test func aWordIsSaidUpToItsEndAndNoFurther() {
        let word = WordBoundary(offsetMs: 100, durationMs: 300, text: "a", textOffset: 0, wordLength: 1)
        #expect(SpeechQueue.word(in: [word], elapsedMs: 99) == nil)
        #expect(SpeechQueue.word(in: [word], elapsedMs: 100) == word)
        #expect(SpeechQueue.word(in: [word], elapsedMs: 399) == word)
        #expect(SpeechQueue.word(in: [word], elapsedMs: 400) == nil)
        #expect(SpeechQueue.nextChange(in: [word], elapsedMs: 399) == 1)
        let instant = WordBoundary(offsetMs: 50, durationMs: 0, text: "b", textOffset: 2, wordLength: 1)
        #expect(SpeechQueue.word(in: [instant], elapsedMs: 50) == instant)  // a zero duration still shows a moment
        #expect(SpeechQueue.word(in: [instant], elapsedMs: 51) == nil)
    }

    @Test func theNextChangeIsTheNearestWordEdge() {
        let words = [WordBoundary(offsetMs: 0, durationMs: 300, text: "a", textOffset: 0, wordLength: 1),
                     WordBoundary(offsetMs: 450, durationMs: 100, text: "b", textOffset: 2, wordLength: 1)]
        #expect(SpeechQueue.nextChange(in: words, elapsedMs: 100) == 200)  // "a" ends
        #expect(SpeechQueue.nextChange(in: words, elapsedMs: 300) == 150)  // "b" starts
        #expect(SpeechQueue.nextChange(in: words, elapsedMs: 600) == nil)
        #expect(SpeechQueue.word(in: words, elapsedMs: 350) == nil)  // a pause between words
    }
}

/// The lag's default and range have one home, which the settings, the player and the queue read.
@Suite struct MaxLagHomeTests {
    @Test func defaultAndRange() {
        #expect(SpeechQueue.defaultMaxLag == 8)
        #expect(SpeechQueue().maxLag == SpeechQueue.defaultMaxLag)
        #expect(SpeechQueue.isValidMaxLag(0.5) && SpeechQueue.isValidMaxLag(600))
        #expect(!SpeechQueue.isValidMaxLag(0) && !SpeechQueue.isValidMaxLag(600.5) && !SpeechQueue.isValidMaxLag(-1))
        #expect(!SpeechQueue.isValidMaxLag(.nan))
    }
}

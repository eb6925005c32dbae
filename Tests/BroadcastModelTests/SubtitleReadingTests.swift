import Foundation
import Testing
import TestSupport
@testable import BroadcastModel

/// Subtitles people can read (issue "Everyday use"): reading time, line length, two lines to a
/// cue, no overlap. Goldens in Tests/Fixtures/subtitles; UPDATE_GOLDENS=1 rewrites them.
@Suite struct SubtitleReadingTests {
    /// A talk with the cases: a long sentence followed a second later (the issue's one-second
    /// cue), a pause longer than a cue may stay, a sentence too long for two lines, Chinese.
    static func talk(translated: Bool = true) -> Broadcast {
        var model = Broadcast()
        let events: [BroadcastEvent] = [
            .connected(Connected(availableLanguages: ["en-US"], recognitionMode: .single)),
            origin(1, "今天我們要介紹圖書館全新的數位服務，包括電子書借閱和線上預約。", start: "00:24"),
            translation(1, "en-US", "Today we introduce the library's new digital services, including e-book loans."),
            origin(2, "好。", start: "00:25"),
            translation(2, "en-US", "Good."),
            origin(3, "接下來。", start: "00:40"),
            translation(3, "en-US", "Next."),
            origin(4, "這是一個非常長的句子。", start: "00:42"),
            translation(4, "en-US", "This is a very long sentence that goes on and on, far longer than two lines of forty-two characters can hold, so it becomes two cues."),
            origin(5, "謝謝。", start: "00:58"),
            translation(5, "en-US", "Thank you."),
        ]
        for event in events {
            if case .translation = event, !translated { continue }
            model.apply(event)
        }
        return model
    }

    func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Fixtures.url("subtitles/" + name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("rewrote the golden \(name): read the diff, then run the tests again without UPDATE_GOLDENS", sourceLocation: sourceLocation)
            return
        }
        #expect(text == (try String(contentsOf: url, encoding: .utf8)), sourceLocation: sourceLocation)
    }

    @Test func srtGolden() throws {
        try expectGolden(TranscriptExport.render(Self.talk(), ExportOptions(format: .srt, language: "en-US")), "reading.en-US.srt")
    }

    @Test func vttGoldenInChinese() throws {
        // No translation: the Chinese original, 9 characters a second, 16 to a line.
        try expectGolden(TranscriptExport.render(Self.talk(translated: false), ExportOptions(format: .vtt, language: nil)), "reading.zh.vtt")
    }

    @Test func vttGoldenBilingual() throws {
        try expectGolden(TranscriptExport.render(Self.talk(), ExportOptions(format: .vtt, language: "en-US", bilingual: true)), "reading.bilingual.vtt")
    }

    /// Every cue: at least a second, at most seven, after the one before it, lines within the limit, two at most.
    @Test(arguments: [false, true])
    func everyCueKeepsTheRules(bilingual: Bool) {
        var cues: [TranscriptExport.Cue] = []
        TranscriptExport.cues(Self.talk(), ExportOptions(format: .srt, language: "en-US", bilingual: bilingual)) { cues.append($0) }
        #expect(cues.count >= 6)
        for (index, cue) in cues.enumerated() {
            #expect(cue.end - cue.start >= SubtitleRules.minimumCue)
            #expect(cue.end - cue.start <= SubtitleRules.maximumCue)
            if index > 0 { #expect(cue.start >= cues[index - 1].end, "cue \(index + 1) overlaps the one before") }
            #expect(cue.lines.count <= SubtitleRules.maximumLines * (bilingual ? 2 : 1))
            for line in cue.lines {
                let units = line.reduce(0) { $0 + SubtitleRules.units($1) }
                #expect(units <= SubtitleRules.lineUnits, "too long: \(line)")
            }
        }
    }

    /// The issue's case: 78 characters (4.6 s to read) followed a second later. The next cue waits
    /// for it to be read, but at most three seconds: it stays four, not one.
    @Test func aLongSentenceIsGivenTimeToBeRead() {
        var cues: [TranscriptExport.Cue] = []
        TranscriptExport.cues(Self.talk(), ExportOptions(format: .srt, language: "en-US")) { cues.append($0) }
        #expect(cues[0].start == 24_000)
        #expect(cues[0].end == 25_000 + SubtitleRules.maximumDelay)
        #expect(cues[1].start == cues[0].end)
        // Where the next cue leaves room, the whole reading time: "Next." at 00:40 → the long one at 00:42.
        #expect(cues[2].end == 42_000)
    }

    /// Bilingual, a translation longer than two lines is not cut: it goes on in the next cue.
    @Test func nothingIsCutFromALongTranslation() {
        var cues: [TranscriptExport.Cue] = []
        TranscriptExport.cues(Self.talk(), ExportOptions(format: .srt, language: "en-US", bilingual: true)) { cues.append($0) }
        let words = cues.flatMap(\.lines).joined(separator: " ")
        #expect(words.contains("forty-two characters can hold, so it becomes two cues."))
    }

    /// In SRT the speaker's name starts the first line: it counts toward the line's length.
    @Test func theSpeakersNameCountsOnTheFirstLine() {
        var model = Broadcast()
        model.apply(.connected(Connected(availableLanguages: ["en-US"], recognitionMode: .multiSpeaker)))
        model.apply(origin(1, "好。", speaker: "G1", label: "Chairwoman", start: "00:01"))
        model.apply(translation(1, "en-US", "Hello everyone, welcome to today's presentation."))
        let srt = TranscriptExport.render(model, ExportOptions(format: .srt, language: "en-US"))
        let text = srt.split(separator: "\n").filter { !$0.contains("-->") && Int($0) == nil }
        #expect(text == ["Chairwoman: Hello everyone,", "welcome to today's presentation."])  // after the comma, within 42 with the name
    }

    /// A sentence a little longer than two lines is two cues of about equal size, cut at its
    /// clause mark — not two full lines and a cue of one word ("phone.", found by a try-out).
    @Test func noCueIsALeftoverWord() {
        let pieces = TranscriptExport.pieces("The first is e-book lending: you can now borrow books directly on your phone.", prefix: "陳主任: ")
        #expect(pieces.count == 2)
        #expect(pieces[0].joined(separator: " ") == "The first is e-book lending:")
        #expect(pieces[1].joined(separator: " ") == "you can now borrow books directly on your phone.")
        let japanese = TranscriptExport.pieces("一つ目は電子書籍の貸し出しです。スマートフォンから直接借りられます。便利になりました。", prefix: nil)
        #expect(japanese.allSatisfy { !$0.joined().hasPrefix("れ") })
        #expect(japanese.last.map { $0.joined().count >= 8 } == true, "\(japanese)")
    }

    @Test func readingTime() {
        #expect(SubtitleRules.readingMilliseconds("Hi.") == 1000)  // never under a second
        #expect(SubtitleRules.readingMilliseconds(String(repeating: "a", count: 68)) == 4000)  // 17 a second
        #expect(SubtitleRules.readingMilliseconds(String(repeating: "字", count: 18)) == 2000)  // 9 a second
        #expect(SubtitleRules.readingMilliseconds(String(repeating: "a", count: 500)) == 7000)  // never over seven
    }

    @Test func linesBreakAtSpacesAndBetweenChineseCharacters() {
        let english = SubtitleRules.lines("This is a very long sentence that goes on and on, far longer than two lines.")
        #expect(english == ["This is a very long sentence that goes on", "and on, far longer than two lines."])
        #expect(english.allSatisfy { $0.count <= SubtitleRules.latinLineLength })
        let chinese = SubtitleRules.lines("今天我們要介紹圖書館全新的數位服務，包括電子書借閱和線上預約。")
        #expect(chinese == ["今天我們要介紹圖書館全新的數位服", "務，包括電子書借閱和線上預約。"])
        #expect(chinese.allSatisfy { $0.count <= SubtitleRules.cjkLineLength })
        // Never a closing mark at the start of a line.
        #expect(SubtitleRules.lines(String(repeating: "字", count: 16) + "。尾").allSatisfy { !$0.hasPrefix("。") })
        #expect(SubtitleRules.lines("") == [])
        #expect(SubtitleRules.lines(String(repeating: "x", count: 50)) == [String(repeating: "x", count: 42), String(repeating: "x", count: 8)])
    }
}

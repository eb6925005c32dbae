import Testing
@testable import BroadcastModel

/// The text forms that replace Foundation's (the viewer links FoundationEssentials only).
@Suite struct TextForms {
    @Test func trimmedDropsWhiteSpaceAtBothEndsOnly() {
        #expect("  a b \t\r\n".trimmed == "a b")
        #expect(" \n ".trimmed == "")
        #expect("大家好".trimmed == "大家好")
        #expect("x:  value ".split(separator: ":")[1].trimmed == "value")
    }

    @Test func rangeIgnoringCase() {
        let text = "Hello World, hello again"
        let found = text.range(ignoringCaseOf: "WORLD")
        #expect(found.map { String(text[$0]) } == "World")
        #expect(text.range(ignoringCaseOf: "again").map { text.distance(from: text.startIndex, to: $0.lowerBound) } == 19)
        #expect(text.range(ignoringCaseOf: "worlds") == nil)
        #expect(text.range(ignoringCaseOf: "") == nil)
        let chinese = "我们今天讨论人工智能"
        #expect(chinese.range(ignoringCaseOf: "人工").map { String(chinese[$0]) } == "人工")
        // A match at the very end, and a partial match before it.
        #expect("aab".range(ignoringCaseOf: "AB").map { String("aab"[$0]) } == "ab")
    }

    @Test func fixedDecimals() {
        #expect(Decimals.fixed(1.25, places: 1) == "1.3")
        #expect(Decimals.fixed(0.049, places: 1) == "0.0")
        #expect(Decimals.fixed(12.5, places: 0) == "13")
        #expect(Decimals.fixed(3.14159, places: 3) == "3.142")
        #expect(Decimals.fixed(0.5, places: 2) == "0.50")
        #expect(Decimals.fixed(-2.75, places: 1) == "-2.8")
        #expect(Decimals.fixed(-0.01, places: 1) == "0.0")
        #expect(Decimals.fixed(1.005, places: 3) == "1.005")
    }
}

import Testing
import TestSupport
@testable import BroadcastModel

@Suite struct TextSanitizerTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("大家好，歡迎 😀 👨‍👩‍👧 é", "大家好，歡迎 😀 👨‍👩‍👧 é"),
        ("title\u{1B}]0;pwned\u{07}after", "titleafter"),
        ("title\u{1B}]2;pwned\u{1B}\\after", "titleafter"),
        ("clip\u{1B}]52;c;ZXZpbA==\u{07}board", "clipboard"),
        ("link \u{1B}]8;;http://evil\u{1B}\\text\u{1B}]8;;\u{1B}\\ end", "link text end"),
        ("\u{1B}[2J\u{1B}[Hcleared", "cleared"),
        ("red \u{1B}[31;1mtext\u{1B}[0m", "red text"),
        ("cursor\u{1B}[10;20Hmove", "cursormove"),
        ("8bit \u{9B}31mcsi", "8bit csi"),
        ("osc8 \u{9D}0;t\u{9C}x", "osc8 x"),
        ("reset\u{1B}cnow", "resetnow"),
        ("charset\u{1B}(Bok", "charsetok"),
        ("bell\u{07} bs\u{08} nul\u{0} del\u{7F}", "bell bs nul del"),
        ("line1\nline2\r\nline3\ttab\r\rx", "line1 line2 line3 tab  x"),
        ("c1 \u{85}next \u{80}\u{9F}", "c1  next "),
        ("bidi \u{202E}reversed\u{202C} \u{2066}iso\u{2069}", "bidi reversed iso"),
        ("sep\u{2028}para\u{2029}", "sep para "),
        ("lone escape at end\u{1B}", "lone escape at end"),
    ])
    func removesControlsAndEscapeSequences(input: String, expected: String) {
        #expect(TextSanitizer.clean(input) == expected)
    }

    @Test func cleanOutputNeedsNoFurtherCleaning() {
        let hostile = "\u{1B}]0;x\u{07}a\u{9B}2Jb\u{202E}c\nd\u{1B}[?1049h"
        let once = TextSanitizer.clean(hostile)
        #expect(!TextSanitizer.needsCleaning(once.utf8))
        #expect(TextSanitizer.clean(once) == once)
    }

    @Test func everyControlScalarIsRemoved() {
        for value in Array(0x00...0x1F) + [0x7F] + Array(0x80...0x9F) {
            let scalar = Unicode.Scalar(UInt32(value))!
            let cleaned = TextSanitizer.clean("a\(Character(scalar))b")
            #expect(!cleaned.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                    "U+\(String(value, radix: 16))")
        }
    }
}

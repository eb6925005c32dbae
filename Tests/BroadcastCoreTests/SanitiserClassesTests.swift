import Testing
@testable import BroadcastModel

/// Issue "Tests that bite": edges a mutation check found unguarded.
@Suite struct SanitiserClassesAloneTests {
    /// Every class of control, alone in plain text (no ESC or U+202E beside it to trip the quick check).
    @Test(arguments: [
        ("\u{2066}", ""), ("\u{2067}", ""), ("\u{2068}", ""), ("\u{2069}", ""),  // bidi isolates
        ("\u{202A}", ""), ("\u{202B}", ""), ("\u{202C}", ""), ("\u{202D}", ""), ("\u{202E}", ""),  // embeddings, overrides
        ("\u{07}", ""), ("\u{00}", ""), ("\u{1F}", ""), ("\u{7F}", ""),  // C0, DEL
        ("\u{80}", ""), ("\u{85}", " "), ("\u{99}", ""),  // C1 (NEL is a line break)
        ("\u{1B}c", ""), ("\u{9B}1m", ""),  // ESC c (reset), CSI in its 8-bit form
        ("\n", " "), ("\t", " "), ("\u{2028}", " "), ("\u{2029}", " "),  // line breaks become spaces
    ])
    func eachClassAloneIsCleaned(control: String, becomes: String) {
        let text = "ab" + control + "cd 大家"
        #expect(TextSanitizer.needsCleaning(text.utf8), "the quick check lets \(control.unicodeScalars.map { String($0.value, radix: 16) }) through")
        #expect(TextSanitizer.clean(text) == "ab" + becomes + "cd 大家")
    }

    @Test func plainTextIsLeftAloneByTheQuickCheck() {
        for text in ["Hello, world.", "大家好，歡迎。", "日本語のテキスト😀", "é\u{301}", "\u{2010}\u{2030}\u{2065}\u{206A}"] {
            #expect(!TextSanitizer.needsCleaning(text.utf8), "\(text)")
        }
    }
}

import BroadcastModel
/// How many terminal cells text takes, and what of a grapheme a terminal can
/// draw without losing count of columns.
///
/// Terminals measure code point by code point (wcwidth); Swift measures
/// graphemes. A grapheme is drawn as its base character plus its combining
/// marks, which every terminal counts the same way: a ZWJ emoji sequence is
/// drawn as its first emoji, variation selectors are dropped, a flag is its two
/// regional indicators. So the width here is always the width on screen.
public enum DisplayWidth {
    /// Cells for one code point: 0 (combining, format), 1, or 2 (wide).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return value < 0x20 || (0x7F...0x9F).contains(value) ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) { return 0 }  // Hangul medial vowels and final consonants
        return isWide(value) ? 2 : 1
    }

    static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound { high = mid - 1 } else if value > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
    }

    /// The part of a grapheme that is drawn, and its width.
    public static func glyph(_ character: Character) -> (text: String, width: Int) {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return ("", 0) }
        if scalars.count == 1 {
            let width = of(first)
            guard width == 0 else { return (String(character), width) }
            // A lone combining mark is shown on a space; other zero-width characters are not drawn.
            switch first.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: return (" " + String(character), 1)
            default: return ("", 0)
            }
        }
        if isRegionalIndicator(first) {
            return (String(String.UnicodeScalarView(scalars.prefix(2))), scalars.count >= 2 ? 2 : 1)
        }
        var drawn = String.UnicodeScalarView()
        drawn.append(first)
        for scalar in scalars.dropFirst() {
            if scalar.value == 0x200D { break }  // a ZWJ sequence: its first emoji
            if (0xFE00...0xFE0F).contains(scalar.value) { continue }  // variation selectors
            if of(scalar) == 0 { drawn.append(scalar) } else { break }
        }
        var width = of(first)
        if width == 0 {
            // A grapheme that starts with a combining mark: show the mark on a space.
            drawn.insert(" ", at: drawn.startIndex)
            width = 1
        }
        return (String(drawn), width)
    }

    /// Cells a whole string takes, as drawn.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += glyph(character).width }
        return total
    }

    /// `text` cut to at most `width` columns, ending in "…" when cut (a wide glyph is never halved).
    public static func truncated(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = glyph(character).width
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }
}

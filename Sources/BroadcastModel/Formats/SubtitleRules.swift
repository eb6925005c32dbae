/// How long a subtitle stays and how its text is cut into lines, after the usual guidelines
/// (Netflix's Timed Text Style Guides, the BBC's subtitle guidelines; docs/keeping.md):
/// about 17 characters a second for Latin scripts and 9 for Chinese and Japanese, never under a
/// second nor over seven, lines of at most 42 characters (16 Chinese or Japanese ones), two
/// lines to a cue; cues never overlap and start at most a few seconds after their sentence.
public enum SubtitleRules {
    public static let latinCharactersPerSecond = 17
    public static let cjkCharactersPerSecond = 9
    /// The shortest and longest a cue is shown, in milliseconds.
    public static let minimumCue = 1000
    public static let maximumCue = 7000
    /// The last cue of a recording stays at least this long.
    public static let lastCue = 3000
    /// A cue waits for the one before it to be read, but starts at most this long after its sentence.
    public static let maximumDelay = 3000
    public static let latinLineLength = 42
    public static let cjkLineLength = 16
    public static let maximumLines = 2

    /// Chinese, Japanese and Korean characters and their full-width punctuation: read more slowly,
    /// and fewer to a line.
    static func isCJK(_ character: Character) -> Bool {
        guard let value = character.unicodeScalars.first?.value else { return false }
        switch value {
        case 0x1100...0x11FF, 0x2E80...0x303F, 0x3040...0x30FF, 0x3100...0x31FF, 0x3200...0x4DBF,
             0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The time `text` takes to read, in milliseconds, between a second and seven.
    public static func readingMilliseconds(_ text: String) -> Int {
        var latin = 0
        var cjk = 0
        for character in text where !character.isNewline {
            if isCJK(character) { cjk += 1 } else { latin += 1 }
        }
        let milliseconds = latin * 1000 / latinCharactersPerSecond + cjk * 1000 / cjkCharactersPerSecond
        return min(max(milliseconds, minimumCue), maximumCue)
    }

    /// A line's length against the limit: a Chinese or Japanese character counts as
    /// 42/16 Latin ones (in 1/16ths, so that both limits are exact).
    static func units(_ character: Character) -> Int { isCJK(character) ? latinLineLength : cjkLineLength }
    static let lineUnits = latinLineLength * cjkLineLength

    /// No line starts with these (closing punctuation), nor ends with the openers.
    static let closers: Set<Character> = ["。", "、", "，", "．", "！", "？", "：", "；", "」", "』", "）", "】", "〉", "》", "…", "ー", ",", ".", "!", "?", ":", ";", ")"]
    static let openers: Set<Character> = ["「", "『", "（", "【", "〈", "《", "("]

    /// `text` in lines within the limit: broken at spaces in Latin text, between characters in
    /// Chinese and Japanese (not before closing punctuation, not after an opener); a word longer
    /// than a line is cut.
    public static func lines(_ text: String) -> [String] {
        let characters = Array(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        var lines: [String] = []
        var start = 0
        while start < characters.count {
            while start < characters.count, characters[start] == " " { start += 1 }
            guard start < characters.count else { break }
            var width = 0
            var end = start
            var lastBreak: Int?  // a break before index `lastBreak`
            while end < characters.count, width + units(characters[end]) <= lineUnits {
                if end > start, canBreak(before: end, in: characters) { lastBreak = end }
                width += units(characters[end])
                end += 1
            }
            if end < characters.count, canBreak(before: end, in: characters) { lastBreak = end }
            // Just after a clause mark in the second half of the line is a better place than the last one.
            if end < characters.count, let last = lastBreak, !clauseEnds.contains(characters[last - 1]),
               let clause = (start + 1..<last).last(where: { clauseEnds.contains(characters[$0 - 1]) && canBreak(before: $0, in: characters) }),
               clause - start >= (last - start) * 2 / 3 {
                lastBreak = clause
            }
            var cut = end == characters.count ? end : (lastBreak ?? end)
            // No last line of a word or two ("す。"): the line before gives it a few characters.
            let left = characters[cut...].filter { $0 != " " }.count
            if cut < characters.count, left <= 3,
               let earlier = (start + 1..<max(start + 1, cut - 2)).last(where: { canBreak(before: $0, in: characters) }),
               earlier - start >= (cut - start) / 2 {
                cut = earlier
            }
            let line = String(characters[start..<cut])
            lines.append(line.trimmed)
            start = cut
        }
        return lines.filter { !$0.isEmpty }
    }

    /// Clause and sentence marks: a line, or a cue, ends best just after one.
    static let clauseEnds: Set<Character> = ["。", "、", "，", "！", "？", "；", "：", ",", ".", "!", "?", ";", ":"]

    /// `text` in `count` parts of about equal length, each cut where a line may break, best just
    /// after a clause mark near the cut: a long sentence becomes cues of similar size (never a
    /// last cue of one word).
    public static func parts(_ text: String, count: Int) -> [String] {
        let characters = Array(text)
        guard count > 1, characters.count > count else { return [text] }
        var parts: [String] = []
        var start = 0
        for k in 1..<count {
            let target = characters.count * k / count
            let reach = max(2, characters.count / count / 3)
            let low = max(start + 1, target - reach), high = min(characters.count - 1, target + reach)
            guard low <= high else { continue }
            let candidates = (low...high).filter { canBreak(before: $0, in: characters) }
            let clause = candidates.filter { clauseEnds.contains(characters[$0 - 1]) }
            let cut = (clause.isEmpty ? candidates : clause).min { abs($0 - target) < abs($1 - target) } ?? target
            parts.append(String(characters[start..<cut]).trimmed)
            start = cut
        }
        parts.append(String(characters[start...]).trimmed)
        return parts.filter { !$0.isEmpty }
    }

    static func canBreak(before index: Int, in characters: [Character]) -> Bool {
        let before = characters[index - 1]
        let after = characters[index]
        if after == " " || before == " " { return true }
        if closers.contains(after) || openers.contains(before) { return false }
        return isCJK(before) || isCJK(after)
    }
}

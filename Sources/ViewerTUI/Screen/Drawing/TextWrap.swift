import BroadcastModel
/// A run of text with one role, before wrapping.
public struct Span: Equatable, Sendable {
    public var text: String
    public var role: Role
    public init(_ text: String, _ role: Role) {
        self.text = text
        self.role = role
    }
}

/// Wraps spans into lines of cells by display width: CJK takes two cells,
/// combining marks none; graphemes are never split, a wide glyph never crosses
/// the edge; Latin text breaks at spaces when it can, CJK between any glyphs.
public enum TextWrap {
    /// Punctuation that must not begin a line (Chinese and Japanese line-breaking rules).
    static let noLineStart: Set<String> = Set(["、", "。", "，", "．", "：", "；", "？", "！", "）", "」", "』", "】", "〕",
                                               "〉", "》", "｝", "］", "…", "‥", "・", "ー", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ",
                                               "っ", "ゃ", "ゅ", "ょ", "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ",
                                               ",", ".", ";", ":", "!", "?", ")", "]", "}"])

    public static func lines(_ spans: [Span], width: Int, indent: Int = 0) -> [[Cell]] {
        guard width > 0 else { return [] }
        var glyphs: [Cell] = []
        for span in spans { append(span.text, role: span.role, to: &glyphs) }
        var lines: [[Cell]] = []
        var start = 0
        // No hanging indent where it would leave less than a wide glyph's room (found by fuzzing:
        // a 2-column pane with an indent drew a CJK glyph one column past its edge).
        var hanging = min(max(0, indent), width / 2)
        if width - hanging < 2 { hanging = 0 }
        while start < glyphs.count {
            let room = lines.isEmpty ? width : width - hanging
            var end = start
            var used = 0
            while end < glyphs.count {
                let w = Int(glyphs[end].width)
                if used + w > room { break }
                used += w
                end += w == 2 ? 2 : 1
            }
            if end < glyphs.count, glyphs[end].text != " " {
                // Prefer breaking after a space, if one is in the second half of the line.
                if let space = glyphs[start..<end].lastIndex(where: { $0.text == " " }), space > start + room / 3 {
                    end = space + 1
                } else if let slash = glyphs[start..<end].lastIndex(where: { $0.text == "/" }), slash > start + room / 3 {
                    // A path longer than a line breaks after a folder, never inside a file's name.
                    end = slash + 1
                } else if end == start {
                    end = start + (glyphs[start].width == 2 ? 2 : 1)  // a glyph wider than the line
                } else if noLineStart.contains(glyphs[end].text) {
                    // Kinsoku: closing punctuation never starts a line; the glyph before it moves down too.
                    var back = end - 1
                    if glyphs[back].width == 0 { back -= 1 }
                    if back > start { end = back }
                }
            }
            var line = Array(glyphs[start..<end])
            while line.last?.text == " " { line.removeLast() }
            if !lines.isEmpty, hanging > 0 { line = Array(repeating: Cell.blank, count: hanging) + line }
            lines.append(line)
            start = end
            while start < glyphs.count, glyphs[start].text == " " { start += 1 }
        }
        return lines.isEmpty ? [[]] : lines
    }

    /// Text as one line of cells, however long.
    public static func cells(_ text: String, role: Role) -> [Cell] {
        var cells: [Cell] = []
        append(text, role: role, to: &cells)
        return cells
    }

    /// The cells of `text`, appended (one array for every span of a sentence: no copies).
    static func append(_ text: String, role: Role, to cells: inout [Cell]) {
        for character in text {
            let (drawn, w) = DisplayWidth.glyph(character)
            if w == 0 { continue }
            cells.append(Cell(text: drawn, width: UInt8(w), role: role))
            if w == 2 { cells.append(Cell(text: "", width: 0, role: role)) }
        }
    }

    /// Display width of a line of cells (a wide glyph is two cells: itself and its right half).
    public static func width(_ line: [Cell]) -> Int {
        line.count
    }
}

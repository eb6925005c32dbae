import BroadcastModel
/// What a cell looks like, by role; a theme turns roles into colours.
public enum Role: Hashable, Sendable {
    case text
    /// Partial (not yet final) text.
    case partial
    case time
    /// A speaker label; the number picks a stable colour.
    case speaker(Int)
    /// "waiting for translation" and the like.
    case placeholder
    case failure
    case status
    case statusAccent
    case statusWarning
    case banner
    case bannerAlert
    case title
    case key
    case searchMatch
    /// The word being spoken.
    case speaking
    case dim
}

/// One terminal cell: a drawn grapheme (or nothing, for the right half of a wide one).
public struct Cell: Equatable, Sendable {
    public var text: String
    /// 1 or 2; 0 for the right half of a wide glyph.
    public var width: UInt8
    public var role: Role

    public static let blank = Cell(text: " ", width: 1, role: .text)

    public init(text: String, width: UInt8, role: Role) {
        self.text = text
        self.width = width
        self.role = role
    }
}

/// The whole screen as a value: render into it, then copy it to a terminal or
/// compare it with text in a test.
public struct Grid: Equatable, Sendable {
    public let columns: Int
    public let rows: Int
    public private(set) var cells: [Cell]

    public init(columns: Int, rows: Int, role: Role = .text) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        cells = Array(repeating: Cell(text: " ", width: 1, role: role), count: self.columns * self.rows)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    /// Fills a row (or part of one) with blanks of a role. A wide glyph cut by either
    /// edge loses its other half too (see `set`), so no half glyph is ever left behind.
    public mutating func fill(row: Int, from: Int = 0, to: Int? = nil, role: Role) {
        guard row >= 0, row < rows else { return }
        let start = max(0, from), end = min(columns, to ?? columns)
        guard start < end else { return }
        let blank = Cell(text: " ", width: 1, role: role)
        // Only the two edges can cut a wide glyph in half; the cells between are simply replaced.
        set(row, start, blank)
        if end - 1 > start { set(row, end - 1, blank) }
        let base = row * columns
        for column in (start + 1)..<max(start + 1, end - 1) { cells[base + column] = blank }
    }

    /// Writes text from a column, clipped at `limit` (exclusive); a wide glyph
    /// that would cross the limit is not drawn (a space stands in). With `ellipsis`,
    /// text that does not fit ends in "…" instead, so a cut is never silent.
    /// Returns the column after the text.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, row: Int, column: Int, role: Role, limit: Int? = nil,
                             ellipsis: Bool = false) -> Int {
        guard row >= 0, row < rows else { return column }
        let end = min(columns, limit ?? columns)
        if ellipsis, end - column >= 1, DisplayWidth.of(String(text)) > end - column {
            let cut = put(text, row: row, column: column, role: role, limit: end - 1)
            return put("…", row: row, column: cut, role: role, limit: end)
        }
        var x = column
        for character in text {
            let (drawn, width) = DisplayWidth.glyph(character)
            if width == 0 { continue }
            if x + width > end {
                if x < end { set(row, x, Cell(text: " ", width: 1, role: role)) }
                return end
            }
            if x >= 0 {
                set(row, x, Cell(text: drawn, width: UInt8(width), role: role))
                if width == 2 { set(row, x + 1, Cell(text: "", width: 0, role: role)) }
            }
            x += width
        }
        return x
    }

    /// Writes cells made by `TextWrap` (already measured).
    public mutating func put(_ line: [Cell], row: Int, column: Int, limit: Int? = nil) {
        let end = min(columns, limit ?? columns)
        var x = column
        for cell in line {
            if x >= end { return }
            if cell.width == 2, x + 1 >= end { set(row, x, Cell(text: " ", width: 1, role: cell.role)); return }
            set(row, x, cell)
            x += 1
        }
    }

    private mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
        guard row >= 0, row < rows, column >= 0, column < columns else { return }
        // Overwriting half of a wide glyph blanks its other half.
        let index = row * columns + column
        if cells[index].width == 0, column > 0 { cells[index - 1] = Cell(text: " ", width: 1, role: cells[index - 1].role) }
        if cells[index].width == 2, column + 1 < columns { cells[index + 1] = Cell(text: " ", width: 1, role: cells[index].role) }
        cells[index] = cell
    }

    /// Every wide glyph is followed by its right half, and every right half follows a
    /// wide glyph: what a terminal can show. A grid that breaks this garbles the screen.
    public var isConsistent: Bool {
        for row in 0..<rows {
            for column in 0..<columns {
                switch self[row, column].width {
                case 2: if column + 1 >= columns || self[row, column + 1].width != 0 { return false }
                case 0: if column == 0 || self[row, column - 1].width != 2 { return false }
                default: break
                }
            }
        }
        return true
    }

    /// The screen as lines of text (trailing spaces kept), for goldens.
    public var lines: [String] {
        (0..<rows).map { row in
            var line = ""
            for column in 0..<columns { line += self[row, column].text }
            return line
        }
    }
}

import BroadcastModel

/// Boxes over the transcript: the overlays (help, announcements, notices), the paused box and
/// the password entry. Text is measured in display columns, and wraps inside the box.
public enum Box {
    static func draw(_ grid: inout Grid, lines: [String], role: Role) {
        draw(&grid, title: nil, lines: lines, top: 0, role: role)
    }

    /// Rows of list an overlay shows on a screen of `screenRows` (the status bar, the box's
    /// margins and its title take the rest). Keys and the renderer agree through this.
    public static func overlayRows(screenRows: Int) -> Int {
        max(1, screenRows - 1 - 2 - 2)
    }

    /// Lines as the rows of a box on a screen `columns` wide: a line too long wraps.
    static func boxRows(_ lines: [String], columns: Int, role: Role) -> [[Cell]] {
        let inner = max(1, columns - 6)
        var rows: [[Cell]] = []
        for line in lines {
            let wrapped = DisplayWidth.of(line) <= inner ? [TextWrap.cells(line, role: role)] : TextWrap.lines([Span(line, role)], width: inner, indent: 2)
            rows += wrapped.map { $0.map { Cell(text: $0.text, width: $0.width, role: role) } }
        }
        return rows
    }

    /// A box in the middle of the screen: a title, then `lines` from `top` on, as many as fit,
    /// with ↑/↓ marks when more lie above or below. Widths are display columns; a line too
    /// long for the screen wraps.
    /// `page` covers the whole screen above the status bar (the help and the lists: no piece of
    /// the transcript shows beside them); otherwise a box in the middle over the transcript.
    static func draw(_ grid: inout Grid, title: String?, lines: [String], top first: Int, role: Role, page: Bool = false) {
        let rows = boxRows(lines, columns: grid.columns, role: role)
        let header = title.map { [TextWrap.cells(DisplayWidth.truncated($0, to: max(1, grid.columns - 6)), role: role), []] } ?? []
        let room = title == nil ? max(1, grid.rows - 3) : overlayRows(screenRows: grid.rows)
        let start = min(max(0, first), max(0, rows.count - room))
        let shown = Array(rows.dropFirst(start).prefix(room))
        let marks = (above: start > 0, below: start + shown.count < rows.count)
        let widest = (header + rows).map(TextWrap.width).max() ?? 0
        var width = min(grid.columns - 2, max(widest, title == nil ? 0 : 12) + 4)
        // A box that leaves only slivers of the transcript beside it takes the whole width:
        // cut words at its edges read as noise.
        if page || width >= grid.columns - 12 { width = grid.columns }
        let body = header + shown
        let height = page ? grid.rows - 1 : body.count + 2
        let left = max(0, (grid.columns - width) / 2)
        let topRow = page ? 0 : max(0, (grid.rows - 1 - height) / 2)
        // On a page the text stands in the middle, as in a box.
        let textLeft = page ? max(2, (grid.columns - widest) / 2) : left + 2
        for row in topRow..<min(grid.rows - 1, topRow + height) {
            grid.fill(row: row, from: left, to: left + width, role: role)
        }
        for (offset, line) in body.enumerated() where topRow + 1 + offset < grid.rows - 1 {
            grid.put(line, row: topRow + 1 + offset, column: textLeft, limit: left + width - 1)
        }
        let listRow = topRow + 1 + header.count
        let markColumn = page ? min(grid.columns - 2, textLeft + widest + 1) : left + width - 2
        if marks.above { grid.put("↑", row: listRow, column: markColumn, role: role) }
        if marks.below { grid.put("↓", row: min(grid.rows - 2, listRow + shown.count - 1), column: markColumn, role: role) }
    }

    static func drawOverlay(_ grid: inout Grid, _ overlay: ViewerUI.Overlay, _ model: Broadcast, _ ui: ViewerUI) {
        let (title, lines) = overlayContent(overlay, model, ui, columns: grid.columns, rows: grid.rows)
        draw(&grid, title: title, lines: lines, top: ui.overlayTop, role: .banner, page: true)
    }

    /// How many rows an overlay's list takes on this screen (for scrolling it).
    public static func overlayRowCount(_ overlay: ViewerUI.Overlay, _ model: Broadcast, _ ui: ViewerUI, columns: Int, rows: Int) -> Int {
        boxRows(overlayContent(overlay, model, ui, columns: columns, rows: rows).lines, columns: columns, role: .banner).count
    }

    /// An overlay's title and lines.
    static func overlayContent(_ overlay: ViewerUI.Overlay, _ model: Broadcast, _ ui: ViewerUI,
                               columns: Int, rows: Int) -> (title: String, lines: [String]) {
        let closes = "q closes"
        switch overlay {
        case .help:
            let lines = helpLines(columns: columns, rows: rows)
            let scrolls = boxRows(lines, columns: columns, role: .banner).count > overlayRows(screenRows: rows)
            return ("Keys · " + (scrolls ? "↑↓ scroll · " : "") + closes, lines)
        case .announcements:
            let language = model.language(for: ui.language)
            let items = model.viewer.announcements.map { "• " + $0.text(in: language) }
            return ("Announcements · \(closes)", items.isEmpty ? ["none yet"] : items)
        case .notices:
            // Every notice of the session, newest first, with its time.
            var lines = ui.notices.reversed().map { notice in
                let mark = switch notice.level { case .info: " "; case .warning: "!"; case .error: "✗" }
                return "\(ui.clockText(notice.at)) \(mark) \(notice.text)" + (notice.repeats > 1 ? " (×\(notice.repeats))" : "")
            }
            if ui.forgottenNotices > 0 { lines.append("… \(ui.forgottenNotices) older notices are in the log only") }
            return ("Notices, newest first · \(closes)", lines.isEmpty ? ["nothing to report"] : lines)
        }
    }

    /// The password being typed: dots only, never the text.
    static func drawPasswordEntry(_ grid: inout Grid, _ entry: ViewerUI.PasswordEntry) {
        let dots = String(repeating: "•", count: min(entry.typed.count, max(1, grid.columns - 20)))
        draw(&grid, title: entry.prompt.reason.title(broadcast: entry.prompt.broadcast),
                lines: ["Password: " + dots + "▏", "", "Enter sends · Esc gives up"], top: 0, role: .bannerAlert)
    }

    /// The key table as lines: two columns when one does not fit the height (and two fit the width).
    static func helpLines(columns: Int, rows: Int) -> [String] {
        let table = KeyTable.helpLines
        let keyWidth = (table.map { DisplayWidth.of($0.keys) }.max() ?? 0) + 2
        let entries = table.map { $0.keys + String(repeating: " ", count: keyWidth - DisplayWidth.of($0.keys)) + $0.help }
        let columnWidth = (entries.map { DisplayWidth.of($0) }.max() ?? 0) + 3
        guard entries.count > overlayRows(screenRows: rows), columnWidth * 2 <= columns - 6 else { return entries }
        let half = (entries.count + 1) / 2
        return (0..<half).map { row in
            let left = entries[row]
            guard row + half < entries.count else { return left }
            return left + String(repeating: " ", count: columnWidth - DisplayWidth.of(left)) + entries[row + half]
        }
    }
}

import BroadcastModel

/// The transcript's rows: side by side, stacked or one pane, following the newest sentence
/// or anchored where the person scrolled. `lines` gives scrolling the same layout.
public enum TranscriptRegion {
    /// Draws the visible sentences; returns how many sentences are below the view.
    static func draw(_ grid: inout Grid, _ view: TranscriptView, scroll: ViewerUI.Scroll, top: Int, bottom: Int) -> Int {
        switch view.mode {
        case .sideBySide(let left, _):
            for row in top..<bottom { grid.put("│", row: row, column: left + 1, role: .dim) }
            return drawRegion(&grid, view, pane: .both, scroll: scroll, top: top, bottom: bottom) { grid, line, row in
                grid.put(line.left, row: row, column: 0, limit: left)
                if let right = line.right { grid.put(right, row: row, column: left + 3) }
            }
        case .single(_, let pane):
            return drawRegion(&grid, view, pane: pane, scroll: scroll, top: top, bottom: bottom) { grid, line, row in
                grid.put(line.left, row: row, column: 0)
            }
        case .stacked:
            let split = top + (bottom - top) / 2
            let label = " translation (\(view.language ?? "—")) "
            grid.put(String(repeating: "─", count: grid.columns), row: split, column: 0, role: .dim)
            grid.put(label, row: split, column: 2, role: .dim)
            _ = drawRegion(&grid, view, pane: .original, scroll: scroll, top: top, bottom: split) { grid, line, row in
                grid.put(line.left, row: row, column: 0)
            }
            return drawRegion(&grid, view, pane: .translation, scroll: scroll, top: split + 1, bottom: bottom) { grid, line, row in
                grid.put(line.left, row: row, column: 0)
            }
        }
    }

    typealias Line = (left: [Cell], right: [Cell]?)

    /// Fills rows top..<bottom with sentences: the newest at the bottom when
    /// following, else from the anchor down. Returns the sentences below the view.
    static func drawRegion(_ grid: inout Grid, _ view: TranscriptView, pane: ViewerUI.Panes, scroll: ViewerUI.Scroll,
                           top: Int, bottom: Int, draw: (inout Grid, Line, Int) -> Void) -> Int {
        let height = bottom - top
        guard height > 0 else { return 0 }
        switch scroll {
        case .follow:
            var blocks: [[Line]] = []
            var total = 0
            var index = view.count - 1
            while index >= 0, total < height {
                var lines = view.block(index, pane: pane)
                if view.gap > 0, index < view.count - 1 { lines.append(([], nil)) }
                blocks.insert(lines, at: 0)
                total += lines.count
                index -= 1
            }
            var all = blocks.flatMap { $0 }
            if all.count > height { all.removeFirst(all.count - height) }
            for (offset, line) in all.enumerated() { draw(&grid, line, top + offset) }
            return 0
        case .anchored(let anchor, let skip):
            var row = top
            var index = min(max(anchor, 0), view.count - 1)
            var skipping = max(skip, 0)
            // A sentence whose last lines are below the view counts as below too.
            var cut = 0
            while index < view.count, row < bottom {
                let block = view.block(index, pane: pane)
                var lines = block
                if view.gap > 0 { lines.append(([], nil)) }
                var drawn = 0
                for line in lines.dropFirst(skipping) where row < bottom {
                    draw(&grid, line, row)
                    row += 1
                    drawn += 1
                }
                cut = skipping + drawn < block.count ? 1 : 0
                skipping = 0
                index += 1
            }
            return view.count - index + cut
        }
    }

    /// The layout scrolling moves through: the region as the screen draws it at the state's size.
    static func lines(_ model: Broadcast, _ ui: ViewerUI, now: Double) -> Scrolling.Lines {
        let top = min(2, Banners.of(model, ui, now: now).count)
        let contentRows = max(1, ui.size.rows - 1 - top)
        let view = TranscriptView(model: model, ui: ui, columns: ui.size.columns, contentRows: contentRows)
        // Stacked, the translation pane leads: translations run longer than the original (English after
        // Chinese), so it is the one that overflows first.
        let pane: ViewerUI.Panes = if case .single(_, let p) = view.mode { p } else if case .stacked = view.mode { .translation } else { .both }
        // Stacked, the translation region is below the dividing line: what is left of the rows.
        let regionRows: Int = if case .stacked = view.mode { contentRows - contentRows / 2 - 1 } else { contentRows }
        // Lines of a sentence as the view follows the newest: the last has no blank line after it.
        return Scrolling.Lines(count: view.count, rows: regionRows) { index in
            view.height(index, pane: pane) - (index == view.count - 1 ? view.gap : 0)
        }
    }
}

import BroadcastModel
/// The whole screen as a pure function of the broadcast and the UI state:
/// `render(model, ui, size) → Grid`. No terminal involved, nothing changed. The widgets are
/// `Banners` (the top rows and the screens before the first sentence), `TranscriptRegion`,
/// `Box` (boxes and overlays) and `StatusBar`.
public enum Renderer {
    public static let minColumns = 40
    public static let minRows = 10
    /// From this width the panes stand side by side.
    public static let sideBySideColumns = 100

    /// The screen at the state's own size.
    public static func render(_ model: Broadcast, _ ui: ViewerUI, now: Double) -> Grid {
        render(model, ui, columns: ui.size.columns, rows: ui.size.rows, now: now)
    }

    /// The screen at a given size: each widget draws its part, in order.
    public static func render(_ model: Broadcast, _ ui: ViewerUI, columns: Int, rows: Int, now: Double) -> Grid {
        var grid = Grid(columns: columns, rows: rows)
        guard columns >= minColumns, rows >= minRows else {
            Banners.drawTooSmall(&grid)
            return grid
        }
        var top = 0
        for banner in Banners.of(model, ui, now: now).prefix(2) {
            grid.fill(row: top, role: banner.role)
            // What to do ("press q to leave") is never the part that is cut.
            let end = columns - 1 - DisplayWidth.of(banner.suffix)
            let column = grid.put(banner.text, row: top, column: 1, role: banner.role, limit: max(2, end), ellipsis: true)
            grid.put(banner.suffix, row: top, column: column, role: banner.role, limit: columns - 1)
            top += 1
        }
        let bottom = rows - 1
        let view = TranscriptView(model: model, ui: ui, columns: columns, contentRows: bottom - top, now: now)
        var below = 0
        if view.count == 0 {
            Banners.drawWaitingScreen(&grid, model, ui, top: top, bottom: bottom, now: now)
        } else {
            below = TranscriptRegion.draw(&grid, view, scroll: ui.scroll, top: top, bottom: bottom)
        }
        if case .paused(let message) = model.viewer.phase, view.count > 0 {
            Box.draw(&grid, lines: ["❚❚ Paused", message ?? "The host paused the broadcast"], role: .banner)
        }
        if let overlay = ui.overlay { Box.drawOverlay(&grid, overlay, model, ui) }
        if let entry = ui.passwordEntry { Box.drawPasswordEntry(&grid, entry) }
        StatusBar.draw(&grid, model, ui, view: view, below: below, now: now)
        return grid
    }

}

/// The whole screen as a function of the broadcast and the UI state:
/// `render(model, ui, size) → Grid`. No terminal involved.
public enum Renderer {
    public static let minColumns = 40
    public static let minRows = 10
    /// From this width the panes stand side by side.
    public static let sideBySideColumns = 100

    public static func render(_ model: BroadcastModel, _ ui: ViewerUI, columns: Int, rows: Int, now: Double) -> Grid {
        var grid = Grid(columns: columns, rows: rows)
        guard columns >= minColumns, rows >= minRows else {
            drawTooSmall(&grid)
            return grid
        }
        var top = 0
        for banner in banners(model, ui, now: now).prefix(2) {
            grid.fill(row: top, role: banner.role)
            grid.put(banner.text, row: top, column: 1, role: banner.role, limit: columns - 1)
            top += 1
        }
        let bottom = rows - 1
        let view = TranscriptView(model: model, ui: ui, columns: columns, contentRows: bottom - top, now: now)
        if view.count == 0 {
            drawWaitingScreen(&grid, model, ui, top: top, bottom: bottom, now: now)
        } else {
            let newCount = drawTranscript(&grid, view, scroll: ui.scroll, top: top, bottom: bottom)
            if newCount > 0 {
                let marker = " \(newCount) new ↓ End "
                grid.put(marker, row: bottom - 1, column: columns - DisplayWidth.of(marker) - 1, role: .statusAccent)
            }
        }
        if case .paused(let message) = model.viewer.phase, view.count > 0 {
            drawBox(&grid, lines: ["❚❚ Paused", message ?? "The host paused the broadcast"], role: .banner)
        }
        if ui.showHelp { drawHelp(&grid) }
        if ui.showAnnouncements { drawAnnouncements(&grid, model, ui) }
        drawStatusBar(&grid, model, ui, view: view, now: now)
        return grid
    }

    // MARK: - Transcript

    /// Draws the visible sentences; returns how many sentences are below the view.
    static func drawTranscript(_ grid: inout Grid, _ view: TranscriptView, scroll: ViewerUI.Scroll, top: Int, bottom: Int) -> Int {
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
            while index < view.count, row < bottom {
                var lines = view.block(index, pane: pane)
                if view.gap > 0 { lines.append(([], nil)) }
                for line in lines.dropFirst(skipping) where row < bottom {
                    draw(&grid, line, row)
                    row += 1
                }
                skipping = 0
                index += 1
            }
            return view.count - index
        }
    }

    /// Applies `ui.pendingScroll` (lines) to the anchor, with the same layout as the screen.
    public static func resolveScroll(_ ui: inout ViewerUI, _ model: BroadcastModel, columns: Int, rows: Int, now: Double) {
        guard ui.pendingScroll != 0 else { return }
        defer { ui.pendingScroll = 0 }
        let top = min(2, banners(model, ui, now: now).count)
        let contentRows = max(1, rows - 1 - top)
        let view = TranscriptView(model: model, ui: ui, columns: columns, contentRows: contentRows)
        guard view.count > 0 else { return }
        let pane: ViewerUI.Panes = if case .single(_, let p) = view.mode { p } else if case .stacked = view.mode { .original } else { .both }
        let regionRows: Int = if case .stacked = view.mode { contentRows / 2 } else { contentRows }
        // Where the view starts now, as (sentence, line).
        var (index, line): (Int, Int)
        switch ui.scroll {
        case .anchored(let i, let l): (index, line) = (min(i, view.count - 1), l)
        case .follow:
            var total = 0
            index = view.count - 1
            while index > 0, total + view.height(index, pane: pane) < regionRows {
                total += view.height(index, pane: pane)
                index -= 1
            }
            line = max(0, view.height(index, pane: pane) - (regionRows - total))
            if total + view.height(index, pane: pane) <= regionRows { line = 0 }
        }
        var steps = ui.pendingScroll
        while steps < 0 {
            if line > 0 { line -= 1 } else if index > 0 { index -= 1; line = view.height(index, pane: pane) - 1 } else { break }
            steps += 1
        }
        while steps > 0 {
            if line + 1 < view.height(index, pane: pane) { line += 1 } else if index + 1 < view.count { index += 1; line = 0 } else { break }
            steps -= 1
        }
        // Scrolled back down to where following would show the same: follow again.
        var below = view.height(index, pane: pane) - line
        var next = index + 1
        while next < view.count, below < regionRows + 1 { below += view.height(next, pane: pane); next += 1 }
        ui.scroll = (next >= view.count && below <= regionRows) ? .follow : .anchored(index: index, line: line)
    }

    // MARK: - Banners and screens

    struct Banner { var text: String; var role: Role }

    static func banners(_ model: BroadcastModel, _ ui: ViewerUI, now: Double) -> [Banner] {
        var result: [Banner] = []
        if let outcome = ui.outcome {
            result.append(Banner(text: "■ " + ending(outcome, model) + " — press q to leave", role: .bannerAlert))
        } else if case .waiting(let wait, let until, let detail) = ui.connection, wait != .notStarted, wait != .full || model.transcript.current.sentences.count > 0 {
            let seconds = max(0, Int((until - now).rounded(.up)))
            let what = wait == .network ? "Connection lost (\(detail))" : detail.prefix(1).uppercased() + detail.dropFirst()
            result.append(Banner(text: "⟳ \(what) — reconnecting in \(seconds) s; the transcript stays", role: .bannerAlert))
        }
        let announcements = model.viewer.announcements
        if announcements.count > ui.dismissedAnnouncements, let latest = announcements.last {
            result.append(Banner(text: "📢 " + latest.text(in: ui.language ?? model.viewer.availableLanguages.first) + "   (x dismiss · a list)", role: .banner))
        }
        if model.viewer.phase == .standby, model.transcript.current.sentences.count > 0, let message = model.viewer.standbyMessage {
            result.append(Banner(text: "Standby: " + message.text(in: ui.language ?? model.viewer.availableLanguages.first), role: .banner))
        }
        return result
    }

    static func ending(_ outcome: SessionOutcome, _ model: BroadcastModel) -> String {
        switch outcome {
        case .ended(let message): "The broadcast has ended" + (message.map { ": \($0)" } ?? "")
        case .kicked(let message): "The host removed you from this broadcast" + (message.map { ": \($0)" } ?? "")
        case .unavailable(let message), .authenticationFailed(let message), .failed(let message): message
        case .stopped: "Stopped"
        }
    }

    static func drawWaitingScreen(_ grid: inout Grid, _ model: BroadcastModel, _ ui: ViewerUI, top: Int, bottom: Int, now: Double) {
        let language = ui.language ?? model.viewer.availableLanguages.first
        var lines: [(String, Role)] = []
        if let name = ui.broadcastName { lines.append((name, .title)) }
        if let outcome = ui.outcome {
            lines.append((ending(outcome, model), .failure))
        } else if case .waiting(.notStarted, let until, _) = ui.connection {
            lines.append(("The broadcast has not started yet.", .text))
            lines.append(("Trying again in \(max(0, Int((until - now).rounded(.up)))) s…", .dim))
        } else if case .waiting(.full, let until, _) = ui.connection {
            lines.append(("The broadcast is full; waiting for a place.", .text))
            lines.append(("Trying again in \(max(0, Int((until - now).rounded(.up)))) s…", .dim))
        } else if case .queued(let position, let wait) = model.viewer.phase {
            lines.append(("You are in the queue: position \(position)", .text))
            if let wait { lines.append(("Estimated wait: \(wait)", .dim)) }
        } else if model.viewer.phase == .standby || model.viewer.standbyMessage != nil, model.viewer.phase != .live {
            lines.append((model.viewer.standbyMessage?.text(in: language) ?? "The broadcast will begin shortly.", .text))
            lines.append(("Waiting for the host to start…", .dim))
        } else if ui.connection == .connecting || model.viewer.phase == .connecting {
            let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")[Int(now * 10) % 10]
            lines.append(("\(spinner) Connecting to \(ui.server)", .text))
            lines.append(("broadcast \(ui.token)", .dim))
        } else {
            lines.append(("Waiting for the first words…", .dim))
        }
        var wrapped: [([Cell], Int)] = []
        for (text, role) in lines {
            for line in TextWrap.lines([Span(text, role)], width: grid.columns - 4) { wrapped.append((line, TextWrap.width(line))) }
        }
        let start = top + max(0, (bottom - top - wrapped.count) / 2)
        for (offset, (line, width)) in wrapped.enumerated() where start + offset < bottom {
            grid.put(line, row: start + offset, column: max(0, (grid.columns - width) / 2))
        }
    }

    static func drawTooSmall(_ grid: inout Grid) {
        let lines = ["Terminal too small", "need \(minColumns)×\(minRows)", "q quits"]
        for (offset, line) in lines.enumerated() where offset < grid.rows {
            grid.put(line, row: max(0, grid.rows / 2 - 1) + offset, column: max(0, (grid.columns - DisplayWidth.of(line)) / 2), role: .text)
        }
    }

    static func drawBox(_ grid: inout Grid, lines: [String], role: Role) {
        let width = min(grid.columns - 4, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4)
        let height = lines.count + 2
        let left = (grid.columns - width) / 2
        let top = max(0, (grid.rows - height) / 2)
        for row in top..<min(grid.rows - 1, top + height) {
            grid.fill(row: row, from: left, to: left + width, role: role)
        }
        for (offset, line) in lines.enumerated() {
            grid.put(line, row: top + 1 + offset, column: left + 2, role: role, limit: left + width - 1)
        }
    }

    static func drawHelp(_ grid: inout Grid) {
        let table = KeyTable.helpLines
        let keyWidth = (table.map { DisplayWidth.of($0.keys) }.max() ?? 0) + 2
        let entries = table.map { $0.keys + String(repeating: " ", count: keyWidth - DisplayWidth.of($0.keys)) + $0.help }
        // Two columns when one does not fit the height (and two fit the width).
        let columnWidth = (entries.map { DisplayWidth.of($0) }.max() ?? 0) + 3
        var lines = entries
        if entries.count + 4 > grid.rows - 1, columnWidth * 2 + 4 <= grid.columns {
            let half = (entries.count + 1) / 2
            lines = (0..<half).map { row in
                let left = entries[row]
                guard row + half < entries.count else { return left }
                return left + String(repeating: " ", count: columnWidth - DisplayWidth.of(left)) + entries[row + half]
            }
        }
        drawBox(&grid, lines: ["Keys (any key closes)", ""] + lines, role: .banner)
    }

    static func drawAnnouncements(_ grid: inout Grid, _ model: BroadcastModel, _ ui: ViewerUI) {
        let language = ui.language ?? model.viewer.availableLanguages.first
        let items = model.viewer.announcements.map { "• " + $0.text(in: language) }
        drawBox(&grid, lines: ["Announcements (any key closes)", ""] + (items.isEmpty ? ["none yet"] : Array(items.suffix(grid.rows - 6))), role: .banner)
    }

    // MARK: - Status bar

    static func drawStatusBar(_ grid: inout Grid, _ model: BroadcastModel, _ ui: ViewerUI, view: TranscriptView, now: Double) {
        let row = grid.rows - 1
        grid.fill(row: row, role: .status)
        if ui.searching {
            grid.put(" /" + ui.search + "▏  Enter search · Esc cancel", row: row, column: 0, role: .status)
            return
        }
        let phase = model.viewer.phase
        var parts: [(String, Role)] = []
        parts.append((phase.name, phase == .live ? .statusAccent : (phase.isTerminal ? .statusWarning : .status)))
        if let pace = ui.replay {
            let speed = pace.speed == pace.speed.rounded() ? "\(Int(pace.speed))" : String(format: "%g", pace.speed)
            parts.append((pace.paused ? "replay paused (p)" : "replay ×\(speed)", pace.paused ? .statusWarning : .status))
        } else {
            parts.append((connectionText(ui, now: now), ui.connection == .connected ? .status : .statusWarning))
        }
        let languages = model.viewer.availableLanguages
        if let language = view.language {
            let place = languages.firstIndex(of: language).map { " \($0 + 1)/\(languages.count)" } ?? ""
            parts.append((language + place, .status))
        }
        let speech: String = switch ui.speech {
        case .off: "TTS off"
        case .on: ui.speaking == nil ? "TTS on" : "TTS speaking"
        case .muted: "TTS muted"
        }
        if ui.replay == nil { parts.append((speech, .status)) }
        if let message = ui.message, now < ui.messageUntil { parts.append((message, .statusAccent)) }
        if let outage = model.viewer.translationOutage { parts.append(("translation unavailable" + (outage.message.map { ": \($0)" } ?? ""), .statusWarning)) }
        let help = " ? help "
        let limit = grid.columns - DisplayWidth.of(help)
        var column = 0
        if let name = ui.broadcastName {
            column = grid.put(" " + name + " ", row: row, column: column, role: .statusAccent, limit: min(limit, grid.columns / 3))
        }
        for (text, role) in parts where column < limit {
            column = grid.put("│ ", row: row, column: column, role: .status, limit: limit)
            column = grid.put(text + " ", row: row, column: column, role: role, limit: limit)
        }
        grid.put(help, row: row, column: limit, role: .statusAccent)
    }

    static func connectionText(_ ui: ViewerUI, now: Double) -> String {
        switch ui.connection {
        case .connecting: return "connecting"
        case .closed: return "closed"
        case .waiting(let wait, let until, _):
            let seconds = max(0, Int((until - now).rounded(.up)))
            return wait == .network ? "reconnecting in \(seconds)s" : "retry in \(seconds)s"
        case .connected:
            if let last = ui.lastActivity, now - last > 20 { return "connected (no data for \(Int(now - last))s)" }
            return "connected"
        }
    }
}

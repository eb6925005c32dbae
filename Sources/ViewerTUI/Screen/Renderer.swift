import BroadcastModel
/// The whole screen as a function of the broadcast and the UI state:
/// `render(model, ui, size) → Grid`. No terminal involved.
public enum Renderer {
    public static let minColumns = 40
    public static let minRows = 10
    /// From this width the panes stand side by side.
    public static let sideBySideColumns = 100

    public static func render(_ model: Broadcast, _ ui: ViewerUI, columns: Int, rows: Int, now: Double) -> Grid {
        var grid = Grid(columns: columns, rows: rows)
        guard columns >= minColumns, rows >= minRows else {
            drawTooSmall(&grid)
            return grid
        }
        var top = 0
        for banner in banners(model, ui, now: now).prefix(2) {
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
            drawWaitingScreen(&grid, model, ui, top: top, bottom: bottom, now: now)
        } else {
            below = drawTranscript(&grid, view, scroll: ui.scroll, top: top, bottom: bottom)
        }
        if case .paused(let message) = model.viewer.phase, view.count > 0 {
            drawBox(&grid, lines: ["❚❚ Paused", message ?? "The host paused the broadcast"], role: .banner)
        }
        if let overlay = ui.overlay { drawOverlay(&grid, overlay, model, ui) }
        if let entry = ui.passwordEntry { drawPasswordEntry(&grid, entry) }
        drawStatusBar(&grid, model, ui, view: view, below: below, now: now)
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

    /// Applies `ui.pendingScroll` (lines) to the anchor, with the same layout as the screen.
    public static func resolveScroll(_ ui: inout ViewerUI, _ model: Broadcast, columns: Int, rows: Int, now: Double) {
        guard ui.pendingScroll != 0 else { return }
        defer { ui.pendingScroll = 0 }
        let top = min(2, banners(model, ui, now: now).count)
        let contentRows = max(1, rows - 1 - top)
        let view = TranscriptView(model: model, ui: ui, columns: columns, contentRows: contentRows)
        guard view.count > 0 else { return }
        // Stacked, the translation pane leads: translations run longer than the original (English after
        // Chinese), so it is the one that overflows first.
        let pane: ViewerUI.Panes = if case .single(_, let p) = view.mode { p } else if case .stacked = view.mode { .translation } else { .both }
        // Stacked, the translation region is below the dividing line: what is left of the rows.
        let regionRows: Int = if case .stacked = view.mode { contentRows - contentRows / 2 - 1 } else { contentRows }
        // Lines of a sentence as the view follows the newest: the last has no blank line after it.
        func height(_ index: Int) -> Int {
            view.height(index, pane: pane) - (index == view.count - 1 ? view.gap : 0)
        }
        // Where the view starts now, as (sentence, line).
        var (index, line): (Int, Int)
        switch ui.scroll {
        case .anchored(let i, let l): (index, line) = (min(i, view.count - 1), l)
        case .follow:
            var total = 0
            index = view.count - 1
            while index > 0, total + height(index) < regionRows {
                total += height(index)
                index -= 1
            }
            line = max(0, height(index) - (regionRows - total))
            if total + height(index) <= regionRows { line = 0 }
        }
        var steps = ui.pendingScroll
        while steps < 0 {
            if line > 0 { line -= 1 } else if index > 0 { index -= 1; line = height(index) - 1 } else { break }
            steps += 1
        }
        while steps > 0 {
            if line + 1 < height(index) { line += 1 } else if index + 1 < view.count { index += 1; line = 0 } else { break }
            steps -= 1
        }
        // Scrolled back down to where following would show the same: follow again.
        var below = height(index) - line
        var next = index + 1
        while next < view.count, below < regionRows + 1 { below += height(next); next += 1 }
        ui.scroll = (next >= view.count && below <= regionRows) ? .follow : .anchored(index: index, line: line)
    }

    // MARK: - Banners and screens

    struct Banner {
        var text: String
        var role: Role
        /// Said whole, after the text (which is cut first).
        var suffix = ""
    }

    static func banners(_ model: Broadcast, _ ui: ViewerUI, now: Double) -> [Banner] {
        var result: [Banner] = []
        if let outcome = ui.outcome {
            result.append(Banner(text: "■ " + ending(outcome, model), role: .bannerAlert, suffix: " — press q to leave"))
        } else if case .waiting(let wait, let until, let detail) = ui.connection, wait != .notStarted, wait != .full || model.transcript.current.sentences.count > 0 {
            let seconds = max(0, Int((until - now).rounded(.up)))
            let what = switch wait {
            case .network: "Connection lost (\(detail))"
            case .unreachable: "Cannot reach \(detail)"
            default: detail.prefix(1).uppercased() + detail.dropFirst()
            }
            result.append(Banner(text: "⟳ \(what)", role: .bannerAlert, suffix: " — retrying in \(seconds) s"))
        }
        if case .queued(let position, let wait) = model.viewer.phase, model.transcript.current.sentences.count > 0 {
            result.append(Banner(text: "⧗ In the queue: position \(position)" + (wait.map { " · \($0)" } ?? "") + "; the transcript stays", role: .banner))
        }
        let announcements = model.viewer.announcements
        if announcements.count > ui.dismissedAnnouncements, let latest = announcements.last {
            result.append(Banner(text: "📢 " + latest.text(in: model.language(for: ui.language)) + "   (x dismiss · a list)", role: .banner))
        }
        if model.viewer.phase == .standby, model.transcript.current.sentences.count > 0, let message = model.viewer.standbyMessage {
            result.append(Banner(text: "Standby: " + message.text(in: model.language(for: ui.language)), role: .banner))
        }
        return result
    }

    static func ending(_ outcome: SessionOutcome, _ model: Broadcast) -> String {
        outcome.sentence(capitalized: true)
    }

    static func drawWaitingScreen(_ grid: inout Grid, _ model: Broadcast, _ ui: ViewerUI, top: Int, bottom: Int, now: Double) {
        let language = model.language(for: ui.language)
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
        } else if case .paused(let message) = model.viewer.phase {
            lines.append(("❚❚ Paused", .title))
            lines.append((message ?? "The host paused the broadcast", .text))
        } else if model.viewer.phase == .standby || model.viewer.standbyMessage != nil, model.viewer.phase != .live {
            let standby = model.viewer.standbyMessage?.text(in: language) ?? ""
            lines.append((standby.isEmpty ? "The broadcast will begin shortly." : standby, .text))
            lines.append(("Waiting for the host to start…", .dim))
        } else if ui.passwordEntry != nil {
            // Nothing moves behind the password box: the session waits for it.
            lines.append(("The password is needed to go on.", .dim))
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
        drawBox(&grid, title: nil, lines: lines, top: 0, role: role)
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
    static func drawBox(_ grid: inout Grid, title: String?, lines: [String], top first: Int, role: Role, page: Bool = false) {
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
        drawBox(&grid, title: title, lines: lines, top: ui.overlayTop, role: .banner, page: true)
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
        drawBox(&grid, title: entry.prompt.reason.title(broadcast: entry.prompt.broadcast),
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

    // MARK: - Status bar

    /// One piece of the status bar. When the bar is too narrow, the lowest `keep` goes first;
    /// the message is cut with an ellipsis rather than dropped.
    struct StatusPart {
        var text: String
        var role: Role
        var keep: Int
        var isMessage = false
    }

    static func drawStatusBar(_ grid: inout Grid, _ model: Broadcast, _ ui: ViewerUI, view: TranscriptView, below: Int = 0,
                              now: Double) {
        let row = grid.rows - 1
        grid.fill(row: row, role: .status)
        if ui.searching {
            grid.put(" /" + ui.search + "▏  Enter search · Esc cancel", row: row, column: 0, role: .status, ellipsis: true)
            return
        }
        var parts: [StatusPart] = []
        if let name = ui.broadcastName {
            // At most a third of the bar; the rest is for what changes.
            parts.append(StatusPart(text: DisplayWidth.truncated(name, to: max(4, grid.columns / 3 - 3)), role: .statusAccent, keep: 3))
        }
        let (phaseName, phaseRole) = phaseText(model, ui)
        parts.append(StatusPart(text: phaseName, role: phaseRole, keep: 9))
        if let pace = ui.replay {
            parts.append(StatusPart(text: pace.paused ? "replay paused (p)" : "replay ×\(speedText(pace.speed))", role: pace.paused ? .statusWarning : .status, keep: 8))
        } else {
            let connected = ui.connection == .connected
            parts.append(StatusPart(text: connectionText(ui, now: now), role: connected ? .status : .statusWarning, keep: connected ? 2 : 8))
        }
        let languages = model.viewer.availableLanguages
        if let language = view.language {
            let place = languages.firstIndex(of: language).map { " \($0 + 1)/\(languages.count)" } ?? ""
            parts.append(StatusPart(text: language + place, role: .status, keep: 6))
        }
        if ui.replay == nil {
            let (speech, warning) = speechText(model, ui, language: view.language)
            parts.append(StatusPart(text: speech, role: warning ? .statusWarning : .status, keep: warning ? 7 : 4))
        }
        if below > 0 {
            parts.append(StatusPart(text: "↓ \(below) more (End)", role: .statusAccent, keep: 7))
        }
        if let hit = ui.searchHit, !ui.search.isEmpty {
            parts.append(StatusPart(text: "/\(ui.search) \(hit.position)/\(hit.count)", role: .status, keep: 6))
        }
        if let outage = model.viewer.translationOutage {
            parts.append(StatusPart(text: "translation unavailable" + (outage.message.map { ": \($0)" } ?? ""), role: .statusWarning, keep: 6))
        }
        if let message = ui.currentMessage(now: now) {
            parts.append(StatusPart(text: message.text, role: message.level == .info ? .statusAccent : .statusWarning, keep: 10, isMessage: true))
        }
        let help = " ? help "
        var showHelp = true
        let helpKeep = 5
        let messageWidth = parts.first { $0.isMessage }.map { DisplayWidth.of($0.text) + 3 } ?? 0
        // Drop the least needed until what is left fits: first so that a message is whole
        // (dropping only "connected", the name and a plain speech state; it goes in seconds),
        // then, if it must be cut, so that it keeps 16 columns.
        for (messageRoom, weakestAllowed) in [(messageWidth, 4), (min(messageWidth, 19), Int.max)] {
            func total() -> Int {
                parts.filter { !$0.isMessage }.map { DisplayWidth.of($0.text) + 3 }.reduce(0, +) + messageRoom
                    + (showHelp ? DisplayWidth.of(help) : 0)
            }
            while total() > grid.columns {
                let weakest = parts.indices.filter { !parts[$0].isMessage }.min { parts[$0].keep < parts[$1].keep }
                let weakestKeep = weakest.map { parts[$0].keep } ?? Int.max
                if showHelp, weakestKeep >= helpKeep, helpKeep <= weakestAllowed {
                    showHelp = false
                    continue
                }
                guard let weakest, weakestKeep <= weakestAllowed, parts.count > 1 else { break }
                parts.remove(at: weakest)
            }
        }
        let limit = grid.columns - (showHelp ? DisplayWidth.of(help) : 0)
        var column = 0
        for (index, part) in parts.enumerated() where column < limit {
            if index > 0 { column = grid.put("│", row: row, column: column, role: .status, limit: limit) }
            column = grid.put(" " + part.text + " ", row: row, column: column, role: part.role, limit: limit, ellipsis: true)
        }
        if showHelp { grid.put(help, row: row, column: limit, role: .statusAccent) }
    }

    /// The phase, or how the session ended once it has (not "CONNECTING" after three wrong passwords).
    static func phaseText(_ model: Broadcast, _ ui: ViewerUI) -> (String, Role) {
        if let outcome = ui.outcome {
            let name = switch outcome {
            case .ended: "ENDED"
            case .kicked: "REMOVED"
            case .unavailable: "UNAVAILABLE"
            case .authenticationFailed: "NO ACCESS"
            case .failed: "FAILED"
            case .stopped: "STOPPED"
            }
            return (name, .statusWarning)
        }
        let phase = model.viewer.phase
        return (phase.name, phase == .live ? .statusAccent : (phase.isTerminal ? .statusWarning : .status))
    }

    /// What speech is doing, and whether it is a problem: a language without speech or no sound
    /// device stays said for as long as it is true.
    static func speechText(_ model: Broadcast, _ ui: ViewerUI, language: String?) -> (String, Bool) {
        guard ui.speech != .off else { return ("TTS off", false) }
        switch model.speech(in: language) {
        case .none: return (language.map { "TTS: none in \($0)" } ?? "TTS: none", true)
        case .notIn(let language, _): return ("TTS: none in \(language)", true)
        case .unknown, .offered: break
        }
        if ui.audioProblem != nil { return ("TTS: no sound (i)", true) }
        if ui.speech == .muted { return ("TTS muted", false) }
        return (ui.speaking == nil ? "TTS on" : "TTS speaking", false)
    }

    /// `4`, `0.25`: a replay's speed as the status bar shows it.
    static func speedText(_ speed: Double) -> String {
        speed == speed.rounded() ? "\(Int(speed))" : String(speed)
    }

    static func connectionText(_ ui: ViewerUI, now: Double) -> String {
        switch ui.connection {
        case .connecting: return "connecting"
        case .needsPassword: return "password needed"
        case .closed: return "closed"
        case .waiting(let wait, let until, _):
            let seconds = max(0, Int((until - now).rounded(.up)))
            return wait == .network ? "reconnecting in \(seconds)s" : "retry in \(seconds)s"
        case .connected:
            if let quiet = ui.quietSeconds(now: now) { return "connected (no data for \(Int(quiet))s)" }
            return "connected"
        }
    }
}

import BroadcastModel

/// The bottom row: the broadcast, its phase, the connection, the language, speech, a replay's
/// pace, the search, and the latest message; what does not fit goes weakest first.
enum StatusBar {
    struct StatusPart {
        var text: String
        var role: Role
        var keep: Int
        var isMessage = false
    }

    static func draw(_ grid: inout Grid, _ model: Broadcast, _ ui: ViewerUI, view: TranscriptView, below: Int = 0,
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
            parts.append(StatusPart(text: pace.paused ? "replay paused (p)" : "replay ×\(pace.speedText)", role: pace.paused ? .statusWarning : .status, keep: 8))
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
            // A message that names a file keeps the file's name when it must be cut: its end, not its start.
            let text = part.isMessage ? Self.keepingTheEnd(part.text, width: limit - column - 2) : part.text
            column = grid.put(" " + text + " ", row: row, column: column, role: part.role, limit: limit, ellipsis: true)
        }
        if showHelp { grid.put(help, row: row, column: limit, role: .statusAccent) }
    }

    /// `text` as it is when it fits in `width` columns or names no file; else its folders become
    /// "…" ("saved to …/talk.txt"); if that is still too wide, the words before the path stay when
    /// they are short, and the path's end fills the rest ("saved to …1d2e.txt", "…a3f9-2026-12-06.jsonl"):
    /// the file's name (its end) stays, never "autosaving to …/a3f…".
    static func keepingTheEnd(_ text: String, width: Int) -> String {
        guard width > 1, DisplayWidth.of(text) > width, let slash = text.firstIndex(of: "/") ?? fileName(in: text) else { return text }
        let pathStart = text[..<slash].lastIndex(of: " ").map { text.index(after: $0) } ?? text.startIndex
        let pathEnd = text[slash...].firstIndex(of: " ") ?? text.endIndex
        // Only a message that ends with the file ("saved to X", "autosaving to X (…)"): in an error
        // that names a folder midway, the words after it say what went wrong, and they stay.
        guard pathEnd == text.endIndex || text[pathEnd...].hasPrefix(" (") else { return text }
        let words = String(text[..<pathStart])
        if let lastSlash = text[pathStart..<pathEnd].lastIndex(of: "/") {
            let shorter = words + "…/" + String(text[text.index(after: lastSlash)...])
            if DisplayWidth.of(shorter) <= width { return shorter }
        }
        let kept = DisplayWidth.of(words) + 1 <= width / 2 ? words : ""
        var tail: [Character] = []
        var used = DisplayWidth.of(kept) + 1  // the words kept, and the ellipsis
        for character in text.reversed() {
            let wide = DisplayWidth.of(String(character))
            if used + wide > width { break }
            tail.append(character)
            used += wide
        }
        return kept + "…" + String(tail.reversed())
    }

    /// Where a file name without folders starts (`saved to talk-20261206.txt`): a word ending in
    /// a short extension.
    static func fileName(in text: String) -> String.Index? {
        for word in text.split(separator: " ") {
            guard word.count >= 5, let dot = word.lastIndex(of: "."), word.index(after: dot) < word.endIndex else { continue }
            let ext = word[word.index(after: dot)...]
            if ext.count <= 5, ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return word.startIndex }
        }
        return nil
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

import BroadcastModel

/// The rows across the top (an ending, a reconnection, the queue, an announcement, standby),
/// the screen before the first sentence, and the screen too small to draw on.
enum Banners {
    struct Banner {
        var text: String
        var role: Role
        /// Said whole, after the text (which is cut first).
        var suffix = ""
    }

    static func of(_ model: Broadcast, _ ui: ViewerUI, now: Double) -> [Banner] {
        var result: [Banner] = []
        if let outcome = ui.outcome {
            result.append(Banner(text: "■ " + ending(outcome, model), role: .bannerAlert, suffix: " — press q to leave"))
        } else if case .waiting(let wait, let until, let detail) = ui.connection, wait != .notStarted, wait != .full || model.transcript.current.sentences.count > 0 {
            let seconds = max(0, Int((until - now).rounded(.up)))
            let what = switch wait {
            case .network: "Connection lost (\(detail))"
            case .unreachable: "Cannot reach \(detail)"
            default: detail.capitalizedSentence
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
        let lines = ["Terminal too small", "need \(Renderer.minColumns)×\(Renderer.minRows)", "q quits"]
        for (offset, line) in lines.enumerated() where offset < grid.rows {
            grid.put(line, row: max(0, grid.rows / 2 - 1) + offset, column: max(0, (grid.columns - DisplayWidth.of(line)) / 2), role: .text)
        }
    }
}

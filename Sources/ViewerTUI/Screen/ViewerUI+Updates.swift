import BroadcastCore
import BroadcastModel
/// How the full screen takes what arrives from the session and the speech player:
/// the model and the UI change, and everything worth saying is said — in the status
/// bar for long enough to read, and in the notices list (`i`) for later.
extension ViewerUI {
    /// One session update. Returns what the front end must do (answer a prompt, stop the player).
    public mutating func apply(_ update: SessionUpdate, to model: inout BroadcastModel, now: Double) -> [ViewerEffect] {
        switch update {
        case .info(let info):
            if let name = info.name { broadcastName = name }
            model.apply(info)
        case .connecting:
            if case .connected = connection {} else { connection = .connecting }
        case .connected:
            connection = .connected
            lastActivity = now
            // The stream opened: whatever was said about a wrong password is over.
            if message?.aboutPassword == true { message = nil }
        case .items(let items):
            lastActivity = now
            for item in items {
                let gapsBefore = model.transcript.current.gaps
                model.apply(item)
                if model.transcript.current.gaps != gapsBefore { noteNewGaps(model.transcript.current.gaps, before: gapsBefore, now: now) }
                if let diagnostic = item.diagnostic { note(diagnostic, level: .warning, now: now) }
                if case .event(let event) = item { observe(event, model: model, now: now) }
            }
        case .waiting(let wait, let delay, let detail):
            connection = .waiting(wait, until: now + delay.inSeconds, detail: detail)
            note(Self.words(for: wait, detail: detail), level: wait == .network || wait == .unreachable ? .warning : .info, now: now)
        case .passwordRejected(let left):
            say("wrong password (\(left) \(left == 1 ? "try" : "tries") left)", level: .warning, keep: true, now: now)
            message?.aboutPassword = true
        case .passwordPrompt(let prompt):
            if case .rejected = prompt.reason { note("wrong password", level: .warning, now: now) }
            passwordEntry = PasswordEntry(prompt: prompt)
            connection = .needsPassword
        case .languageSelected(let selected):
            language = selected
            if asked.language == selected { asked.language = nil }
        case .speech(let on, let reason):
            if asked.speech == on || reason != nil { asked.speech = nil }
            let wasOn = speech != .off
            guard on != wasOn else { break }
            speech = on ? .on : .off
            speaking = nil
            if let reason {
                say(reason + "; speech is off", level: .warning, keep: true, now: now)
            } else {
                say(on ? "spoken translation on" : "spoken translation off", now: now)
            }
        case .paced(let pace):
            replay = pace
            if asked.pace == pace { asked.pace = nil }
        case .notice(let text):
            say(text, level: .warning, keep: true, now: now)
        case .finished(let ending):
            outcome = ending
            connection = .closed
            passwordEntry = nil
            message = nil  // the ending says it now
            note(ending.sentence(capitalized: true), level: ending.isFailure ? .error : .info, now: now)
        }
        return []
    }

    /// Sentences that never arrived: a dim row in the transcript, and said here (a gap that a
    /// later sentence only shrank was said already).
    private mutating func noteNewGaps(_ gaps: [Gap], before: [Gap], now: Double) {
        for gap in gaps where !before.contains(where: { $0.fromSid <= gap.fromSid && gap.toSid <= $0.toSid }) {
            say(gap.description, level: .warning, keep: true, now: now)
        }
    }

    /// What plain mode prints as a `#` line, the full screen says too.
    private mutating func observe(_ event: BroadcastEvent, model: BroadcastModel, now: Double) {
        switch event {
        case .admitted(let text):
            say(Self.joined("admitted", text), keep: true, now: now)
        case .queued(let queued):
            note("in the queue: position \(queued.position)" + (queued.estimatedWait.map { " (\($0))" } ?? ""), now: now)
        case .phaseChanged(let change):
            let name = change.phase == .live ? "the broadcast is live" : "phase: \(change.phase.name)"
            say(Self.joined(name, change.message), keep: true, now: now)
        case .paused(let text):
            note(Self.joined("paused", text), now: now)
        case .resumed(let text):
            say(Self.joined("resumed", text), keep: true, now: now)
        case .maxViewersChanged(let limit):
            say("viewer limit: \(limit)", keep: true, now: now)
        case .recordingStarted:
            say("a new recording started: the screen starts empty (saved files keep everything)", keep: true, now: now)
        case .accessTypeChanged:
            note("the host changed who may watch; reconnecting", now: now)
        case .passCodeChanged:
            note("the host changed the password", level: .warning, now: now)
        case .error(let error):
            observe(error, model: model, now: now)
        case .connected, .origin, .translation, .ttsReady, .ended, .kicked, .speakerRenamed, .speakerReassigned,
             .speakersMerged, .standby, .announcement, .heartbeat:
            break
        }
    }

    /// Every `error` event reaches the screen with its severity: a failed sentence on the
    /// sentence (and in the notices), anything else in the status bar too.
    private mutating func observe(_ error: ServerError, model: BroadcastModel, now: Double) {
        let level: Notice.Level = error.severity == .warning ? .warning : .error
        let words = Self.describe(error)
        switch VASAssumptions.classify(error) {
        case .sentence:
            note(words, level: level, now: now)
        case .translationOutage:
            say("translation unavailable: original text continues (\(error.code))", level: .error, keep: true, now: now)
        case .notice:
            say(words, level: level, keep: true, now: now)
        case .ended, .fatal:
            note(words, level: .error, now: now)  // the ending banner says the rest
        }
    }

    /// `warning llm_content_filtered: Content filtered (sentence 5, ja)`.
    static func describe(_ error: ServerError) -> String {
        var text = "\(error.severity.name) \(error.code)"
        if let message = error.message, !message.isEmpty { text += ": \(message)" }
        var about: [String] = []
        if let sid = error.sid { about.append("sentence \(sid)") }
        if let language = error.translationLanguage { about.append(language) }
        if !about.isEmpty { text += " (\(about.joined(separator: ", ")))" }
        return text
    }

    /// Why the viewer waits, as plain mode says it.
    public static func words(for wait: VASAssumptions.Wait, detail: String) -> String {
        switch wait {
        case .network: "connection lost: \(detail)"
        case .unreachable: "cannot reach \(detail)"
        default: "waiting: \(detail)"
        }
    }

    static func joined(_ base: String, _ text: String?) -> String {
        guard let text, !text.isEmpty else { return base }
        return "\(base): \(text)"
    }

    /// One event of the speech player.
    public mutating func apply(_ event: SpeechPlayer.Event, now: Double) {
        switch event {
        case .started(let item):
            guard speech == .on else { return }
            speaking = Speaking(sid: item.sid, language: item.language, text: item.text, boundaries: item.boundaries, since: now)
        case .finished(let sid):
            if speaking?.sid == sid { speaking = nil }
        case .notice(let text):
            say(text, level: .warning, keep: true, now: now)
        case .deviceUnavailable(let reason):
            audioProblem = reason
            say(reason, level: .warning, keep: true, now: now)
        case .deviceBack:
            audioProblem = nil
            say("audio is back", keep: true, now: now)
        }
    }
}

extension SessionOutcome {
    /// Anything but an ending or the viewer quitting.
    public var isFailure: Bool {
        switch self {
        case .ended, .stopped: false
        default: true
        }
    }
}

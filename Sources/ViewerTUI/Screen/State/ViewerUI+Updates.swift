import BroadcastCore
import BroadcastModel
/// How the full screen takes what arrives from the session and the speech player:
/// the model and the UI change, and everything worth saying is said — in the status
/// bar for long enough to read, and in the notices list (`i`) for later.
extension ViewerUI {
    /// One session update. Returns what the front end must do (ask for the password).
    /// Everything worth saying is noted here, once, in the same words for both views:
    /// the full screen lists it (`i`), plain mode prints it as a `#` line (`said`).
    public mutating func apply(_ update: SessionUpdate, to model: inout Broadcast, now: Double) -> [ViewerEffect] {
        switch update {
        case .info(let info):
            if let name = info.name { broadcastName = name }
            model.apply(info)
        case .connecting(let url):
            if case .connected = connection {} else { connection = .connecting }
            if !saidConnecting { note("connecting to \(url)", now: now) }
            saidConnecting = true
        case .connected:
            connection = .connected
            lastActivity = now
            // The stream opened: whatever was said about a wrong password is over.
            board.passwordAccepted()
        case .items(let items):
            lastActivity = now
            for item in items { apply(item, to: &model, now: now) }
        case .waiting(let wait, let delay, let detail):
            connection = .waiting(wait, until: now + delay.inSeconds, detail: detail)
            note("\(Self.words(for: wait, detail: detail)); trying again in \(delay.secondsText)",
                 level: wait == .network || wait == .unreachable ? .warning : .info, now: now)
        case .passwordRejected(let left):
            say(PasswordReason.wrong(attemptsLeft: left), level: .warning, keep: true, now: now)
            board.markAboutPassword()
        case .passwordPrompt(let prompt):
            if case .rejected(let left) = prompt.reason { note(PasswordReason.wrong(attemptsLeft: left), level: .warning, now: now) }
            passwordEntry = PasswordEntry(prompt: prompt)
            connection = .needsPassword
            return [.askPassword(prompt)]
        case .languageSelected(let selected):
            source.selected(selected)
        case .speech(let on, let reason):
            guard source.speechSaid(on: on, reason: reason) else { break }
            speaking = nil
            if let reason {
                // Said already at the start (from the broadcast's details): it is the same news.
                let known = notices.contains { $0.text == reason }
                say(reason + "; speech is off", level: .warning, keep: !known, now: now)
            } else if on, notices.contains(where: { $0.text.contains("no spoken translation") }) {
                // An earlier "no spoken translation" is kept in the list: so is its correction.
                say("spoken translation on: the broadcast offers it now", keep: true, now: now)
            } else {
                say(on ? "spoken translation on" : "spoken translation off", now: now)
            }
        case .paced(let pace):
            source.paced(pace)
        case .notice(let text):
            say(text, level: .warning, keep: true, now: now)
        case .logged:
            break  // the log has it (Log.record): nothing to show
        case .finished(let ending):
            outcome = ending
            connection = .closed
            passwordEntry = nil
            board.clearMessage()  // the ending says it now
            board.record(Broadcast.Update(signal: .stop))  // plain mode prints what waited
            // An ending the stream did not announce (it was over when the viewer came back, after a
            // drop or a new password) is said like one it did; one it did was said then.
            if ending != .stopped, !model.viewer.phase.isTerminal {
                note(ending.sentence(), level: ending.isFailure ? .error : .info, now: now)
            }
        }
        return []
    }

    /// One stream item: the model changes, and what it means is said.
    private mutating func apply(_ item: StreamItem, to model: inout Broadcast, now: Double) {
        let gapsBefore = model.transcript.current.gaps
        let change = model.apply(item)
        board.record(change)
        if model.transcript.current.gaps != gapsBefore { noteNewGaps(model.transcript.current.gaps, before: gapsBefore, now: now) }
        if let diagnostic = item.diagnostic { noteRepeated(diagnostic, now: now) }
        guard case .event(let event) = item else { return }
        observe(event, model: model, now: now)
        // A translation outage is said when it starts and when it ends.
        let outage = model.viewer.translationOutage
        if (outage != nil) != saidOutage {
            saidOutage = outage != nil
            if let outage {
                say("translation unavailable: original text continues (\(outage.code))", level: .error, keep: true, now: now)
            } else {
                say("translations are back", keep: true, now: now)
            }
        }
    }

    /// Sentences that never arrived: a dim row in the transcript, and said here (a gap that a
    /// later sentence only shrank was said already). Plain mode prints it in its place.
    private mutating func noteNewGaps(_ gaps: [Gap], before: [Gap], now: Double) {
        for gap in gaps where !before.contains(where: { $0.fromSid <= gap.fromSid && gap.toSid <= $0.toSid }) {
            say(gap.description, level: .warning, now: now)
            note(gap.description, level: .warning, inTranscript: true, now: now)
        }
    }

    /// What an event means, in words: the one home of the wording of events.
    private mutating func observe(_ event: BroadcastEvent, model: Broadcast, now: Double) {
        let shown = model.language(for: language)
        switch event {
        case .connected(let connected):
            var line = "connected: \(model.viewer.phase.name.lowercased())"
            if !connected.availableLanguages.isEmpty { line += "; languages \(connected.availableLanguages.joined(separator: ", "))" }
            if let speech = connected.ttsLanguages, !speech.isEmpty { line += "; speech \(speech.joined(separator: ", "))" }
            note(line, now: now)
            checkLanguageOffered(model: model, now: now)
        case .queued(let queued):
            note("in the queue: position \(queued.position)" + (queued.estimatedWait.map { " (\($0))" } ?? ""), now: now)
        case .admitted(let text):
            say(Self.joined("admitted", text), keep: true, now: now)
        case .standby(let message):
            note(Self.joined("standby", message.text(in: shown)), now: now)
        case .phaseChanged(let change):
            let name = change.phase == .live ? "the broadcast is live" : "phase: \(change.phase.name)"
            say(Self.joined(name, change.message), keep: true, now: now)
        case .paused(let text):
            note(Self.joined("paused", text), now: now)
        case .resumed(let text):
            say(Self.joined("resumed", text), keep: true, now: now)
        case .announcement(let message):
            note(Self.joined("announcement", message.text(in: shown)), now: now)
        case .speakerRenamed(let rename):
            say("speaker \(rename.speakerID) is now \(rename.newLabel)", keep: true, now: now)
        case .speakerReassigned(let reassign):
            let label = model.transcript.current.speakers.label(for: reassign.newSpeakerID) ?? reassign.newSpeakerID
            note("sentence #\(reassign.sid) is now attributed to \(label)", now: now)
        case .speakersMerged(let merge):
            let label = model.transcript.current.speakers.label(for: merge.targetSpeakerID) ?? merge.targetSpeakerID
            say("speaker \(merge.sourceSpeakerID) merged into \(label)", keep: true, now: now)
        case .maxViewersChanged(let limit):
            say("viewer limit: \(limit)", keep: true, now: now)
        case .recordingStarted:
            say("a new recording started (saved files keep every recording)", keep: true, now: now)
        case .accessTypeChanged:
            note("the host changed who may watch; reconnecting", now: now)
        case .passCodeChanged:
            note("the host changed the password", level: .warning, now: now)
        case .ended, .kicked:
            if let ending = SessionOutcome(endingAt: event) {
                note(ending.sentence(), level: ending.isFailure ? .error : .info, now: now)
            }
        case .error(let error):
            observe(error, event: event, now: now)
        case .origin, .translation, .ttsReady, .heartbeat:
            break
        }
    }

    /// Every `error` event is said with its severity: a failed sentence on the sentence (and in
    /// the notices), anything else in the status bar too. An outage is said by `apply(_:to:now:)`.
    private mutating func observe(_ error: ServerError, event: BroadcastEvent, now: Double) {
        let level: Notice.Level = error.severity == .warning ? .warning : .error
        switch VASAssumptions.classify(error) {
        case .sentence:
            note(Self.describe(error), level: level, now: now)
        case .translationOutage:
            break
        case .notice:
            say(Self.describe(error), level: level, keep: true, now: now)
        case .ended, .fatal:
            if let ending = SessionOutcome(endingAt: event) {
                note(ending.sentence(), level: ending.isFailure ? .error : .info, now: now)  // the ending banner says the rest
            }
        }
    }

    /// A language asked for (`--lang`, config.toml) that the broadcast turns out not to offer:
    /// said once, when the stream first names its languages.
    private mutating func checkLanguageOffered(model: Broadcast, now: Double) {
        let offered = model.viewer.availableLanguages
        guard let requested = language, !offered.isEmpty, LanguageTag.bestMatch(for: requested, among: offered) == nil,
              saidNotOffered != requested else { return }
        saidNotOffered = requested
        say("\(requested) is not offered by this broadcast (it offers \(offered.joined(separator: ", "))): the original only; choose a language with --lang (l on the full screen)",
            level: .warning, keep: true, now: now)
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

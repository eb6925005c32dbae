import BroadcastCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The full-screen viewer: one thread owns the terminal. It sleeps in `poll`
/// on the keyboard and the inbox, applies everything that arrived, and draws
/// one frame — so a burst of a thousand events is a handful of frames, and an
/// idle broadcast costs nothing.
final class TerminalApp: @unchecked Sendable {
    let session: any ViewerSource
    let server: String
    let token: String
    let language: String?
    let broadcastName: String?
    let saving: SaveOptions
    let journal: JournalWriter?
    let theme: Theme
    let speechOptions: SpeechControl.Options
    let speechOn: Bool
    /// Languages with spoken translation, from the broadcast's details (the stream's `connected` may update them).
    let ttsLanguages: [String]

    /// A replay's starting pace; nil when live.
    var replay: ViewerUI.ReplayPace?
    var layout = ViewerUI.Layout.auto
    var panes = ViewerUI.Panes.both

    init(session: any ViewerSource, server: String, token: String, language: String?, broadcastName: String?,
         saving: SaveOptions, journal: JournalWriter?, theme: Theme, speech: SpeechControl.Options, speechOn: Bool,
         ttsLanguages: [String]) {
        self.speechOptions = speech
        self.speechOn = speechOn
        self.ttsLanguages = ttsLanguages
        self.session = session
        self.server = server
        self.token = token
        self.language = language
        self.broadcastName = broadcastName
        self.saving = saving
        self.journal = journal
        self.theme = theme
    }

    /// The exit code, or nil when this terminal cannot be driven (use plain mode).
    func run() async -> Int32? {
        let inbox = Inbox()
        let logRedirect = StandardErrorRedirect.toLog()
        let screen: CursesScreen? = await onUIThread { CursesScreen(theme: self.theme) }
        guard let screen else {
            logRedirect?.restore()
            Diagnostics.screenOwned = false
            return nil
        }
        PromptRouter.route(to: inbox)
        Diagnostics.screenOwned = true
        let speech = SpeechControl(options: speechOptions, enabled: speechOn, language: language) { inbox.push($0) }
        let runner = Task { await session.run() }
        let taps = UpdateTaps(speech: speech, journal: journal)
        let forwarder = Task {
            for await update in session.updates {
                taps.see(update)
                inbox.push(update)
            }
        }
        let interrupts = Interrupts.install { inbox.wake() }
        let result = await onUIThread { self.loop(screen: screen, inbox: inbox, speech: speech, interrupts: interrupts) }
        speech.stop()
        screen.end()
        Diagnostics.screenOwned = false
        PromptRouter.route(to: nil)
        logRedirect?.restore()
        runner.cancel()
        forwarder.cancel()
        _ = await runner.value
        saving.saveOnExit(result.model, token: token, language: result.language)
        if let words = result.farewell { Diagnostics.error(words) }
        return result.code
    }

    private func onUIThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "vas-view ui"
            thread.start()
        }
    }

    /// The shortest time between two frames caused by events alone (60 frames a second).
    static let frameInterval: Duration = .milliseconds(16)
    /// Event-driven frames this close together, this many in a row, make a flood (a pair does not).
    static let floodFrames = 3

    struct LoopResult: @unchecked Sendable {
        var code: Int32
        var model: BroadcastModel
        var farewell: String?
        /// The language on screen at the end (what --save writes).
        var language: String?
    }

    private func loop(screen: CursesScreen, inbox: Inbox, speech: SpeechControl, interrupts: Interrupts) -> LoopResult {
        let start = ContinuousClock.now
        func now() -> Double {
            (ContinuousClock.now - start).inSeconds
        }
        let trace = LatencyTrace.fromEnvironment()
        var lastFrame = ContinuousClock.now
        var quickFrames = 0
        var model = BroadcastModel()
        var ui = ViewerUI(server: server, token: token, language: language)
        ui.broadcastName = broadcastName
        ui.speech = speechOn ? .on : .off
        if let journal { say("autosaving to \(journal.path)", &ui, now()) }
        // The warning printed before the screen opened is gone from view: say it on screen too.
        if speechOn, let missing = noSpeech(in: language, model: model) { say(missing, &ui, now()) }
        ui.replay = replay
        ui.layout = layout
        ui.panes = panes
        while true {
            let drained = inbox.drain()
            let (updates, arrived) = (drained.updates, drained.since)
            for update in updates { apply(update, model: &model, ui: &ui, now: now()) }
            for event in drained.speech { apply(event, ui: &ui, now: now()) }
            for (prompt, continuation) in drained.prompts {
                screen.suspend()
                let password = TerminalPassword.read(prompt: prompt)
                screen.resume()
                continuation.resume(returning: password)
            }
            if interrupts.isSet {
                return LoopResult(code: interrupts.exitCode, model: model, farewell: nil, language: ui.language)
            }
            let keysRead = ContinuousClock.now
            let (keys, resized) = screen.readKeys()
            if resized { screen.invalidate() }
            var size = screen.size
            ui.columns = size.columns
            for key in keys {
                if key == .ctrl("c") { return LoopResult(code: ExitCode.interrupted, model: model, farewell: nil, language: ui.language) }
                for effect in ui.handle(key, languages: model.viewer.availableLanguages, model: model, page: size.rows - 2) {
                    switch effect {
                    case .quit:
                        // Quitting a live broadcast is a normal end (0); after an ending, its own code and words.
                        let farewell = ui.outcome.flatMap { outcome -> String? in
                            if case .ended = outcome { return nil } else { return outcome.message }
                        }
                        return LoopResult(code: ui.outcome?.exitCode ?? ExitCode.ended, model: model, farewell: farewell, language: ui.language)
                    case .selectLanguage(let language):
                        Task { await session.selectLanguage(language) }
                        if ui.speech != .off, let missing = noSpeech(in: language, model: model) { say(missing, &ui, now()) }
                    case .save:
                        let path = saving.pathForKey(token: token)
                        do {
                            try saving.write(model, to: path, token: token, language: ui.language)
                            say("saved to \(path)", &ui, now())
                        } catch let error as UserFacingError {
                            say(error.message, &ui, now())
                        } catch {}
                    case .toggleSpeech, .mute, .skipSpeech, .volume:
                        if replay != nil {
                            say("spoken translation is for live broadcasts", &ui, now())
                        } else {
                            control(effect, speech: speech, ui: &ui, model: model, now: now())
                        }
                    case .pace(let pace):
                        Task { await session.pace(pace) }
                    }
                }
            }
            size = screen.size
            let time = now()
            Renderer.resolveScroll(&ui, model, columns: size.columns, rows: size.rows, now: time)
            screen.draw(Renderer.render(model, ui, columns: size.columns, rows: size.rows, now: time))
            trace?.frame(eventsArrived: updates.isEmpty ? nil : arrived, keysRead: keys.isEmpty ? nil : keysRead)
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: inbox.wakeFD, events: Int16(POLLIN), revents: 0)]
            let wake = ui.secondsUntilChange(model: model, now: now())
            lastFrame = ContinuousClock.now
            _ = poll(&fds, 2, wake.map { Int32(max(1, min(60_000, $0 * 1000))) } ?? -1)
            // Under a flood of events, at most one frame per refresh period: wait out the rest
            // of it watching only the keyboard, then take everything that arrived at once.
            let sinceFrame = ContinuousClock.now - lastFrame
            let eventsOnly = fds[1].revents != 0 && fds[0].revents == 0
            quickFrames = eventsOnly && sinceFrame < Self.frameInterval ? quickFrames + 1 : 0
            if quickFrames >= Self.floodFrames {
                var keyboard = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
                _ = poll(&keyboard, 1, Int32((Self.frameInterval - sinceFrame).inMilliseconds) + 1)
            }
        }
    }

    // MARK: - Spoken translation

    private func control(_ effect: ViewerUI.Effect, speech: SpeechControl, ui: inout ViewerUI, model: BroadcastModel, now: Double) {
        if case .toggleSpeech = effect {
            let on = ui.speech == .off
            if on, let missing = noSpeech(in: ui.language, model: model) {
                say(missing, &ui, now)
                return
            }
            speech.setEnabled(on)
            Task { await session.setSpeech(on) }
            ui.speech = on ? .on : .off
            ui.speaking = nil
            say(on ? "spoken translation on" : "spoken translation off", &ui, now)
            return
        }
        guard ui.speech != .off else {
            say("spoken translation is off (t turns it on)", &ui, now)
            return
        }
        switch effect {
        case .mute:
            let muted = ui.speech != .muted
            speech.setMuted(muted)
            ui.speech = muted ? .muted : .on
            if muted { ui.speaking = nil }
            say(muted ? "speech muted (m unmutes)" : "speech unmuted", &ui, now)
        case .skipSpeech:
            speech.skip()
        case .volume(let volume):
            speech.setVolume(volume)
            say("volume \(volume)%", &ui, now)
        default:
            break
        }
    }

    /// Why there can be no speech in this language, if there can't.
    private func noSpeech(in language: String?, model: BroadcastModel) -> String? {
        let offered = model.viewer.ttsLanguages.isEmpty ? ttsLanguages : model.viewer.ttsLanguages
        guard let language, !offered.isEmpty, LanguageTag.bestMatch(for: language, among: offered) == nil else { return nil }
        return "no spoken translation in \(language) (offered in: \(offered.joined(separator: ", ")))"
    }

    private func say(_ text: String, _ ui: inout ViewerUI, _ now: Double) {
        ui.message = text
        ui.messageUntil = now + 5
    }

    private func apply(_ event: SpeechPlayer.Event, ui: inout ViewerUI, now: Double) {
        switch event {
        case .started(let item):
            guard ui.speech == .on else { return }
            ui.speaking = ViewerUI.Speaking(sid: item.sid, language: item.language, text: item.text,
                                            boundaries: item.boundaries, since: now)
        case .finished(let sid):
            if ui.speaking?.sid == sid { ui.speaking = nil }
        case .notice(let text):
            Diagnostics.warning(text)
            ui.message = text
            ui.messageUntil = now + 8
        }
    }

    private func apply(_ update: SessionUpdate, model: inout BroadcastModel, ui: inout ViewerUI, now: Double) {
        switch update {
        case .info(let info):
            if let name = info.name { ui.broadcastName = name }
        case .connecting:
            if case .connected = ui.connection {} else { ui.connection = .connecting }
        case .connected:
            ui.connection = .connected
            ui.lastActivity = now
        case .items(let items):
            ui.lastActivity = now
            for item in items {
                model.apply(item)
                if let diagnostic = item.diagnostic { Diagnostics.repeatedWarning(diagnostic) }
            }
        case .waiting(let wait, let delay, let detail):
            ui.connection = .waiting(wait, until: now + delay.inSeconds, detail: detail)
        case .passwordRejected(let left):
            ui.message = left > 0 ? "wrong password (\(left) left)" : "wrong password"
            ui.messageUntil = now + 5
        case .languageSelected(let language):
            ui.language = language
        case .notice(let text):
            Diagnostics.warning(text)
            ui.message = text
            ui.messageUntil = now + 6
        case .finished(let outcome):
            ui.outcome = outcome
            ui.connection = .closed
        }
    }

}

/// While curses owns the screen, standard error goes to the log file, so that
/// no library (ALSA, libcurl) and no warning of ours can scribble on it.
struct StandardErrorRedirect {
    let saved: Int32

    static func toLog() -> StandardErrorRedirect? {
        // Without a log (it could not be opened, and said so before the screen opened),
        // nothing may reach the screen: standard error goes nowhere.
        let fd = Log.file.map { dup($0.descriptor) } ?? open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let saved = dup(2)
        dup2(fd, 2)
        close(fd)
        return StandardErrorRedirect(saved: saved)
    }

    func restore() {
        dup2(saved, 2)
        close(saved)
    }
}

import BroadcastCore
import Foundation
#if canImport(Glibc)
import Glibc
import BroadcastModel
#endif

/// The full-screen viewer: one thread owns the terminal. It sleeps in `poll`
/// on the keyboard and the inbox, applies everything that arrived, and draws
/// one frame — so a burst of a thousand events is a handful of frames, and an
/// idle broadcast costs nothing. What each key or update means is decided by
/// `ViewerUI` (handle, apply); this loop only performs the effects.
public final class TerminalApp: @unchecked Sendable {
    public let session: any ViewerSource
    public let server: String
    public let token: String
    public let language: String?
    public let broadcastName: String?
    public let saving: SaveTarget
    public let autosave: Autosave?
    public let theme: Theme
    public let speechOptions: SpeechControl.Options
    public let speechOn: Bool
    /// Languages with spoken translation, from the broadcast's details (the stream's `connected` may update them).
    public let ttsLanguages: [String]?

    /// A replay's starting pace; nil when live.
    public var replay: ReplayPace?
    public var layout = ViewerUI.Layout.auto
    public var panes = ViewerUI.Panes.both

    public init(session: any ViewerSource, server: String, token: String, language: String?, broadcastName: String?,
         saving: SaveTarget, autosave: Autosave?, theme: Theme, speech: SpeechControl.Options, speechOn: Bool,
         ttsLanguages: [String]?) {
        self.speechOptions = speech
        self.speechOn = speechOn
        self.ttsLanguages = ttsLanguages
        self.session = session
        self.server = server
        self.token = token
        self.language = language
        self.broadcastName = broadcastName
        self.saving = saving
        self.autosave = autosave
        self.theme = theme
    }

    /// How the viewer can fail to start: nil is fine; otherwise why plain lines are used instead.
    public enum Start: Sendable {
        case ran(Int32)
        case cannotDraw(String)
    }

    /// Runs the viewer to its end: the exit code, or why this terminal cannot be driven.
    public func run() async -> Start {
        let inbox = Inbox()
        let logRedirect = StandardErrorRedirect.toLog()
        let opened: Result<CursesScreen, CursesScreen.Failure> = await onUIThread {
            do throws(CursesScreen.Failure) { return .success(try CursesScreen(theme: self.theme)) } catch { return .failure(error) }
        }
        let screen: CursesScreen
        switch opened {
        case .success(let made): screen = made
        case .failure(let failure):
            logRedirect?.restore()
            return .cannotDraw(failure.description)
        }
        Diagnostics.screenOwned = true
        if let locale = screen.substituteLocale {
            inbox.push(.note("the locale is not UTF-8: characters are drawn with \(locale)", .info))
        }
        let speech = SpeechControl(options: speechOptions, enabled: speechOn, language: language) { inbox.push(.speech($0)) }
        let runner = Task { await session.run() }
        let taps = UpdateTaps(speech: speech, autosave: autosave)
        let forwarder = Task {
            for await update in session.updates {
                switch taps.see(update) {
                case .opened(let path): inbox.push(.autosaving(path))
                case .failed(let why): inbox.push(.note(why, .warning))
                case nil: break
                }
                inbox.push(.update(update))
            }
        }
        let interrupts = Interrupts.install { inbox.wake() }
        let result = await onUIThread { self.loop(screen: screen, inbox: inbox, speech: speech, interrupts: interrupts) }
        speech.stop()
        screen.end()
        Diagnostics.screenOwned = false
        logRedirect?.restore()
        runner.cancel()
        forwarder.cancel()
        _ = await runner.value
        if let words = result.farewell { Diagnostics.error(words) }
        let saveFailed = saving.saveOnExit(result.model, token: token, language: result.language)
        // Where the words are kept, one line each.
        if let journal = autosave?.close() { Diagnostics.info("the transcript is kept in \(journal) (vas-view export turns it into text or subtitles)") }
        if let failure = autosave?.failure { Diagnostics.error("nothing was autosaved (\(failure)).") }
        if let words = speech.wavReport() { Diagnostics.info(words) }
        for path in result.saved where path != saving.save { Diagnostics.info("saved to \(path)") }
        if saveFailed != nil, result.code == ExitStatus.ended { return .ran(ExitStatus.failure) }
        return .ran(result.code)
    }

    private func onUIThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "vas-view ui"
            thread.start()
        }
    }

    /// The shortest time between two frames caused by events alone (60 frames a second).
    public static let frameInterval: Duration = .milliseconds(16)
    /// Event-driven frames this close together, this many in a row, make a flood (a pair does not).
    public static let floodFrames = 3

    public struct LoopResult: @unchecked Sendable {
        public var code: Int32
        public var model: BroadcastModel
        public var farewell: String?
        /// The language on screen at the end (what --save writes).
        public var language: String?
        /// Files `s` wrote.
        public var saved: [String] = []
    }

    /// What the loop holds between frames.
    private struct State {
        var model = BroadcastModel()
        var ui: ViewerUI
        /// Files `s` wrote, to say where they are on leaving.
        var saved: [String] = []
        let start = ContinuousClock.now
        var now: Double { (ContinuousClock.now - start).inSeconds }
    }

    private func loop(screen: CursesScreen, inbox: Inbox, speech: SpeechControl, interrupts: Interrupts) -> LoopResult {
        let trace = LatencyTrace.fromEnvironment()
        var lastFrame = ContinuousClock.now
        var quickFrames = 0
        var state = State(ui: ViewerUI(server: server, token: token, language: language))
        state.ui.broadcastName = broadcastName
        state.ui.speech = speechOn ? .on : .off
        state.ui.detailsSpeechLanguages = ttsLanguages
        state.ui.replay = replay
        state.ui.layout = layout
        state.ui.panes = panes
        state.ui.clockOrigin = Date().timeIntervalSince1970
        state.ui.utcOffset = TimeZone.current.secondsFromGMT()
        // The warning printed before the screen opened is gone from view: say it on screen too.
        if speechOn, let missing = state.ui.noSpeech(in: language, model: state.model) {
            state.ui.say(missing, level: .warning, keep: true, now: state.now)
        }
        func finish(_ code: Int32, farewell: String? = nil) -> LoopResult {
            LoopResult(code: code, model: state.model, farewell: farewell, language: state.model.language(for: state.ui.language),
                       saved: state.saved)
        }
        while true {
            let (arrivals, arrived) = inbox.drain()
            var updated = false
            for arrival in arrivals {
                let effects: [ViewerUI.Effect]
                switch arrival {
                case .update(let update):
                    updated = true
                    for item in update.items { if let diagnostic = item.diagnostic { Diagnostics.repeatedWarning(diagnostic) } }
                    effects = state.ui.apply(update, to: &state.model, now: state.now)
                case .speech(let event):
                    switch event {
                    case .notice(let text), .deviceUnavailable(let text): Diagnostics.warning(text)
                    case .deviceBack: Diagnostics.warning("audio is back")
                    case .started, .finished: break
                    }
                    state.ui.apply(event, now: state.now)
                    effects = []
                case .note(let text, let level):
                    if level != .info { Diagnostics.warning(text) }
                    state.ui.say(text, level: level, keep: true, now: state.now)
                    effects = []
                case .autosaving(let path):
                    // The whole path is in the notices (i) and said again on leaving.
                    state.ui.say("autosaving to …/\((path as NSString).lastPathComponent)", now: state.now)
                    state.ui.note("autosaving to \(path)", now: state.now)
                    effects = []
                }
                for effect in effects { _ = perform(effect, state: &state, screen: screen, speech: speech) }
            }
            if interrupts.isSet { return finish(interrupts.exitCode) }
            let keysRead = ContinuousClock.now
            let (keys, resized) = screen.readKeys()
            if resized { screen.invalidate() }
            var size = screen.size
            state.ui.columns = size.columns
            for key in keys {
                if key == .ctrl("c") { return finish(ExitStatus.interrupted) }
                let effects = state.ui.handle(key, languages: state.model.viewer.availableLanguages, model: state.model,
                                              page: size.rows - 2, now: state.now)
                for effect in effects {
                    if case .quit = effect {
                        // Quitting a live broadcast is a normal end (0); after an ending, its own code and words.
                        let outcome = state.ui.outcome
                        let farewell: String? = if case .ended = outcome { nil } else { outcome?.message }
                        return finish(outcome?.exitCode ?? ExitStatus.ended, farewell: farewell)
                    }
                    perform(effect, state: &state, screen: screen, speech: speech)
                }
            }
            size = screen.size
            let time = state.now
            Renderer.resolveScroll(&state.ui, state.model, columns: size.columns, rows: size.rows, now: time)
            screen.draw(Renderer.render(state.model, state.ui, columns: size.columns, rows: size.rows, now: time))
            trace?.frame(eventsArrived: updated ? arrived : nil, keysRead: keys.isEmpty ? nil : keysRead)
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: inbox.wakeFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: screen.resizeFD, events: Int16(POLLIN), revents: 0)]
            let wake = state.ui.secondsUntilChange(model: state.model, now: state.now)
            lastFrame = ContinuousClock.now
            _ = poll(&fds, 3, wake.map { Int32(max(1, min(60_000, $0 * 1000))) } ?? -1)
            if fds[2].revents != 0 { screen.takeResize() }
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

    /// Does what a key or an update asked for, beyond redrawing.
    @discardableResult
    private func perform(_ effect: ViewerUI.Effect, state: inout State, screen: CursesScreen, speech: SpeechControl) -> Bool {
        switch effect {
        case .quit:
            return false
        case .selectLanguage(let language):
            Task { await session.selectLanguage(language) }
        case .save:
            let path = saving.pathForKey(token: token)
            do {
                try saving.write(state.model, to: path, token: token, language: state.model.language(for: state.ui.language))
                state.ui.say("saved to \(path)", keep: true, now: state.now)
                if !state.saved.contains(path) { state.saved.append(path) }
            } catch let error as UserFacingError {
                state.ui.say(error.message, level: .error, keep: true, now: state.now)
            } catch {
                state.ui.say("cannot save: \(error)", level: .error, keep: true, now: state.now)
            }
        case .setSpeech(let on):
            speech.setEnabled(on)
            Task { await session.setSpeech(on) }
        case .speechOff:
            speech.setEnabled(false)
        case .mute(let muted):
            speech.setMuted(muted)
        case .skipSpeech:
            speech.skip()
        case .volume(let volume):
            speech.setVolume(volume)
        case .pace(let pace):
            Task { await session.pace(pace) }
        case .redraw:
            screen.invalidate()
        case .answerPassword(let prompt, let password):
            prompt.answer(password)
        }
        return true
    }
}

extension SessionUpdate {
    /// The stream items in this update, if any.
    public var items: [StreamItem] {
        if case .items(let items) = self { return items }
        return []
    }
}

/// While curses owns the screen, standard error goes to the log file, so that
/// no library (ALSA, libcurl) and no warning of ours can scribble on it.
public struct StandardErrorRedirect {
    public let saved: Int32

    public static func toLog() -> StandardErrorRedirect? {
        // Without a log (it could not be opened, and said so before the screen opened),
        // nothing may reach the screen: standard error goes nowhere.
        let fd = Log.file.map { dup($0.descriptor) } ?? open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let saved = dup(2)
        dup2(fd, 2)
        close(fd)
        return StandardErrorRedirect(saved: saved)
    }

    public func restore() {
        dup2(saved, 2)
        close(saved)
    }
}

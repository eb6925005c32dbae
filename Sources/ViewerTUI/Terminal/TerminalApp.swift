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
    let session: BroadcastSession
    let server: String
    let token: String
    let language: String?
    let broadcastName: String?
    let save: String?
    let theme: Theme

    init(session: BroadcastSession, server: String, token: String, language: String?, broadcastName: String?,
         save: String?, theme: Theme) {
        self.session = session
        self.server = server
        self.token = token
        self.language = language
        self.broadcastName = broadcastName
        self.save = save
        self.theme = theme
    }

    /// The exit code, or nil when this terminal cannot be driven (use plain mode).
    func run() async -> Int32? {
        let inbox = Inbox()
        let logRedirect = StandardErrorRedirect.toLog()
        let screen: CursesScreen? = await onUIThread { CursesScreen(theme: self.theme) }
        guard let screen else {
            logRedirect?.restore()
            return nil
        }
        PromptRouter.route(to: inbox)
        let runner = Task { await session.run() }
        let forwarder = Task {
            for await update in session.updates { inbox.push(update) }
        }
        let interrupts = Interrupts.install { inbox.wake() }
        let result = await onUIThread { self.loop(screen: screen, inbox: inbox, interrupts: interrupts) }
        screen.end()
        PromptRouter.route(to: nil)
        logRedirect?.restore()
        runner.cancel()
        forwarder.cancel()
        _ = await runner.value
        if let save { writeTranscript(result.model, to: save) }
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
    }

    private func loop(screen: CursesScreen, inbox: Inbox, interrupts: Interrupts) -> LoopResult {
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
        while true {
            let (updates, prompts, arrived) = inbox.drain()
            for update in updates { apply(update, model: &model, ui: &ui, now: now()) }
            for (prompt, continuation) in prompts {
                screen.suspend()
                let password = TerminalPassword.read(prompt: prompt)
                screen.resume()
                continuation.resume(returning: password)
            }
            if interrupts.isSet {
                return LoopResult(code: interrupts.exitCode, model: model, farewell: nil)
            }
            let keysRead = ContinuousClock.now
            let (keys, resized) = screen.readKeys()
            if resized { screen.invalidate() }
            var size = screen.size
            ui.columns = size.columns
            for key in keys {
                if key == .ctrl("c") { return LoopResult(code: ExitCode.interrupted, model: model, farewell: nil) }
                for effect in ui.handle(key, languages: model.viewer.availableLanguages, model: model, page: size.rows - 2) {
                    switch effect {
                    case .quit:
                        // Quitting a live broadcast is a normal end (0); after an ending, its own code and words.
                        let farewell = ui.outcome.flatMap { outcome -> String? in
                            if case .ended = outcome { return nil } else { return outcome.message }
                        }
                        return LoopResult(code: ui.outcome?.exitCode ?? ExitCode.ended, model: model, farewell: farewell)
                    case .selectLanguage(let language):
                        Task { await session.selectLanguage(language) }
                    case .save:
                        let path = save ?? "vas-view-\(token)-\(Self.stamp()).json"
                        if writeTranscript(model, to: path) { ui.message = "saved to \(path)" }
                        else { ui.message = "could not save to \(path)" }
                        ui.messageUntil = now() + 5
                    case .toggleSpeech, .mute, .skipSpeech, .volume:
                        ui.message = "spoken translation is not in this build yet"
                        ui.messageUntil = now() + 4
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
                if let diagnostic = item.diagnostic { Diagnostics.warning(diagnostic) }
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

    @discardableResult
    private func writeTranscript(_ model: BroadcastModel, to path: String) -> Bool {
        do {
            try SavedFile.write(TranscriptJSON.document(model, token: token), to: path)
            return true
        } catch {
            return false
        }
    }

    static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }
}

/// While curses owns the screen, standard error goes to the log file, so that
/// no library (ALSA, libcurl) and no warning of ours can scribble on it.
struct StandardErrorRedirect {
    let saved: Int32

    static var logPath: String {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/state")
        return state + "/vas-view/vas-view.log"
    }

    static func toLog() -> StandardErrorRedirect? {
        let path = logPath
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
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

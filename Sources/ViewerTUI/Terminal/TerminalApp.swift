import BroadcastCore
import FoundationEssentials
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// The full-screen viewer from start to end: opens the screen, starts the source, the
/// speech player and the autosave journal, runs `ViewerLoop` on a thread of its own (the
/// only one that touches the terminal), and on leaving closes it all and says what was kept.
public final class TerminalApp: @unchecked Sendable {
    public let session: any ViewerSource
    public let server: String
    public let token: String
    public let language: String?
    /// The broadcast's details, when they were read before the screen opened.
    public let details: BroadcastInfo?
    public let saving: SaveTarget
    public let autosave: Autosave?
    public let theme: Theme
    public let speechOptions: SpeechControl.Options
    public let speechOn: Bool

    public var layout = ViewerUI.Layout.auto
    public var panes = ViewerUI.Panes.both
    /// Said before the screen opened (an existing file that will be replaced): listed among the notices too.
    public var notices: [String] = []

    public init(session: any ViewerSource, server: String, token: String, language: String?, details: BroadcastInfo?,
                saving: SaveTarget, autosave: Autosave?, theme: Theme, speech: SpeechControl.Options, speechOn: Bool) {
        self.speechOptions = speech
        self.speechOn = speechOn
        self.session = session
        self.server = server
        self.token = token
        self.language = language
        self.details = details
        self.saving = saving
        self.autosave = autosave
        self.theme = theme
    }

    /// How the viewer can fail to start: nil is fine; otherwise why plain lines are used instead.
    public enum Start: Sendable {
        case ran(Int32)
        case cannotDraw(String)
    }

    /// What runs beside the loop: the source, its commands, the speech player.
    private struct Running: @unchecked Sendable {
        var speech: SpeechControl
        var commands: SourceCommands
        var tasks: [Task<Void, Never>]
        var runner: Task<SessionOutcome, Never>
    }

    /// What the loop's thread hands back.
    private struct Finish: @unchecked Sendable {
        var end: ViewerLoop<CursesScreen>.End
        var app: ViewerApp
        var running: Running
    }

    /// Starts the source, the speech player and the autosave journal, all reporting to `inbox`.
    private func start(inbox: Inbox) -> Running {
        let speech = SpeechControl(options: speechOptions, enabled: speechOn, language: language) { inbox.push(.speech($0)) }
        let session = self.session
        let runner = Task { await session.run() }
        let commands = SourceCommands()
        let commander = Task { await commands.forward(to: session) }
        let taps = UpdateTaps(speech: speech, autosave: autosave)
        for notice in notices { inbox.push(.note(notice, .info)) }
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
        return Running(speech: speech, commands: commands, tasks: [commander, forwarder], runner: runner)
    }

    private func initialUI() -> ViewerUI {
        ViewerUI(server: server, token: token, language: language, speech: speechOn ? .on : .off,
                 layout: layout, panes: panes,
                 clockOrigin: Date().timeIntervalSince1970, utcOffset: TimeZone.current.secondsFromGMT())
    }

    /// Runs the viewer to its end: the exit code, or why this terminal cannot be driven.
    public func run() async -> Start {
        let source = session
        let inbox = Inbox(taken: { source.taken($0) })
        let logRedirect = StandardErrorRedirect.toLog()
        // The screen is opened, used and closed by one thread, the loop's.
        let finished: Result<Finish, CursesScreen.Failure> = await onUIThread {
            let screen: CursesScreen
            do throws(CursesScreen.Failure) { screen = try CursesScreen(theme: self.theme) } catch { return .failure(error) }
            Diagnostics.screenOwned = true
            if let locale = screen.substituteLocale {
                inbox.push(.note("the locale is not UTF-8: characters are drawn with \(locale)", .info))
            }
            _ = Interrupts.install { code in inbox.push(.interrupted(code)) }
            let running = self.start(inbox: inbox)
            let start = ContinuousClock.now
            let performer = EffectPerformer(commands: running.commands, speech: running.speech, saving: self.saving, token: self.token)
            var loop = ViewerLoop(screen: screen, inbox: inbox, performer: performer, now: { (ContinuousClock.now - start).inSeconds })
            loop.trace = LatencyTrace.fromEnvironment()
            var app = ViewerApp(ui: self.initialUI(), details: self.details)
            let end = loop.run(&app)
            running.speech.stop()
            screen.end()
            Diagnostics.screenOwned = false
            return .success(Finish(end: end, app: app, running: running))
        }
        logRedirect?.restore()
        let finish: Finish
        switch finished {
        case .success(let done): finish = done
        case .failure(let failure): return .cannotDraw(failure.description)
        }
        let running = finish.running
        running.runner.cancel()
        running.commands.finish()
        for task in running.tasks { task.cancel() }
        _ = await running.runner.value
        let result = finish.end
        if let words = result.farewell { Diagnostics.error(words) }
        var saveFailed = saving.saveOnExit(finish.app.model, token: token, language: finish.app.languageShown) != nil
        // Where the words are kept, one line each.
        if autosave?.closeAndSay() == true, saving.save == nil { saveFailed = true }  // nothing else kept the words
        if let words = running.speech.wavReport() { Diagnostics.info(words) }
        for words in finish.app.snapshotWords(except: saving.save) { Diagnostics.info(words) }
        if saveFailed, result.code == ExitStatus.ended { return .ran(ExitStatus.failure) }
        return .ran(result.code)
    }

    private func onUIThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "vas-view ui"
            thread.start()
        }
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

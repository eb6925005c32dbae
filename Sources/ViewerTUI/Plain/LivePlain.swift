import BroadcastCore
import FoundationEssentials
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// Live viewing in plain mode: the session's updates become transcript lines
/// on standard output, exactly as `replay` prints them, and the notices of the update
/// function as `#` lines (`PlainView`).
public struct LivePlain {
    public let session: BroadcastSession
    public let language: String?
    public let saving: SaveTarget
    public let autosave: Autosave?
    public let token: String
    /// Spoken translation (`--tts`), or nil.
    public let speech: SpeechControl.Options?
    /// Where the transcript goes (standard output; a file in tests).
    public var output: BufferedWriter = StandardOutput(endsProgram: false)
    /// Ctrl-C and SIGTERM end the viewing cleanly (tests leave the process's signals alone).
    public var catchesSignals = true
    /// Standard output is a terminal: a warning's `#` line is all it needs. Otherwise (a pipe,
    /// a file) warnings and errors are said on standard error too, where the person looks.
    public var outputIsTerminal = isatty(1) == 1

    public init(session: BroadcastSession, language: String?, saving: SaveTarget, autosave: Autosave?, token: String,
                speech: SpeechControl.Options?) {
        self.session = session
        self.language = language
        self.saving = saving
        self.autosave = autosave
        self.token = token
        self.speech = speech
    }

    private enum Input: Sendable {
        case message(ViewerMessage)
        case tick
        /// The session said its last; speech may still be saying what is queued.
        case sessionEnded
    }

    /// Runs until the broadcast ends for this viewer; returns the exit code.
    public func run(server: String, checkLanguage: (BroadcastInfo) throws -> String?) async -> Int32 {
        let session = self.session  // the tasks below take the session, not this value (its output is not Sendable)
        let output = self.output
        let start = ContinuousClock.now
        func now() -> Double {
            (ContinuousClock.now - start).inSeconds
        }
        output.write("# vas-view \(Program.version): broadcast \(token) on \(server)")
        var ui = ViewerUI(server: server, token: token, language: language, speech: speech == nil ? .off : .on)
        // Standard output that cannot be written at all (`> /dev/full`): said, and nothing is watched.
        if let failure = output.flush() {
            _ = saving.saveOnExit(Broadcast(), token: token, language: language)  // says the file is as it was
            return StandardOutput.exitCode(for: failure)
        }

        if let outcome = await session.prepare() {
            var view = PlainView(app: ViewerApp(ui: ui))
            show(view.take(.update(.finished(outcome)), now: now()), output: output)
            return finish(outcome, view: &view, output: output, interrupts: nil)
        }
        let info = await session.info
        if let info {
            if let name = info.name { output.write("# broadcast: \(name)") }
            do {
                let chosen = try checkLanguage(info)
                if chosen != language {
                    ui = ViewerUI(server: server, token: token, language: chosen, speech: ui.speech)
                    await session.selectLanguage(chosen)
                }
            } catch let error as UserFacingError {
                output.flush()
                Diagnostics.error(error.message)
                return error.code
            } catch {
                return ExitStatus.failure
            }
        }
        var view = PlainView(app: ViewerApp(ui: ui, details: info))
        show(view.said(now: now()), output: output)  // what the start said (a language without speech)
        output.flush()

        let (inputs, feed) = AsyncStream.makeStream(of: Input.self)
        let speaker = speech.map { options in
            SpeechControl(options: options, enabled: true, language: view.language) { feed.yield(.message(.speech($0))) }
        }
        let runner = Task { await session.run() }
        let interrupts = catchesSignals ? Interrupts.install { _ in
            runner.cancel()
            speaker?.stop()
            TerminalPassword.interrupt()
        } : nil
        let taps = UpdateTaps(speech: speaker, autosave: autosave)
        let forwarder = Task {
            for await update in session.updates {
                switch taps.see(update) {
                case .opened(let path): feed.yield(.message(.autosaving(path)))
                case .failed(let why): feed.yield(.message(.note(why, .warning)))
                case nil: break
                }
                feed.yield(.message(.update(update)))
            }
            feed.yield(.sessionEnded)
        }
        var timer: Task<Void, Never>?
        var outputFailed = false
        var outcome = SessionOutcome.stopped
        for await input in inputs {
            switch input {
            case .tick:
                output.write(view.tick(now: now()))
            case .sessionEnded:
                // Say what is still queued (within the lag cap) — unless the viewer interrupted; what
                // the player says meanwhile is still said here.
                if let speaker, outcome != .stopped, !outputFailed {
                    Task.detached {
                        speaker.finish()
                        feed.finish()
                    }
                } else {
                    speaker?.stop()
                    feed.finish()
                }
            case .message(let message):
                if case .update(.finished(let end)) = message { outcome = end }
                for effect in show(view.take(message, now: now()), output: output) {
                    guard case .askPassword(let prompt) = effect else { continue }
                    // Everything before the question is out first, so the prompt has its own line.
                    output.flush()
                    prompt.answer(TerminalPassword.read(prompt: prompt.text))
                }
                if case .update(let update) = message { session.taken(update) }  // the session reads on
            }
            // Standard output closed (`| head`) or full: the viewing stops as for Ctrl-C, so that
            // --save, the journal and the recording are kept, and says why (StandardOutput).
            if output.flush() != nil, !outputFailed {
                outputFailed = true
                runner.cancel()
                speaker?.stop()
            }
            // Wake up only when a sentence waiting for its translation is due.
            timer?.cancel()
            if let deadline = view.nextDeadline {
                let wait = max(0, deadline - now()) + 0.01
                timer = Task {
                    try? await Task.sleep(for: .seconds(wait))
                    if !Task.isCancelled { feed.yield(.tick) }
                }
            }
        }
        timer?.cancel()
        forwarder.cancel()
        // The loop ends after the session did, or when this task is cancelled: then the session
        // stops too (it may be waiting for updates nobody will take).
        if Task.isCancelled { runner.cancel() }
        _ = await runner.value
        if let words = speaker?.wavReport() { Diagnostics.info(words) }
        let code = finish(outcome, view: &view, output: output, interrupts: interrupts)
        if outputFailed, let failure = output.failure { return StandardOutput.exitCode(for: failure) }
        return code
    }

    /// Prints what the update said; returns what is left to do.
    @discardableResult
    private func show(_ said: PlainView.Output, output: BufferedWriter) -> [ViewerEffect] {
        output.write(said.lines)
        if said.notices.contains(where: { $0.level != .info }) { output.flush() }  // before standard error says it
        for notice in said.notices {
            Diagnostics.record(notice, standardError: notice.level != .info && !outputIsTerminal)
        }
        return said.effects
    }

    private func finish(_ outcome: SessionOutcome, view: inout PlainView, output: BufferedWriter,
                        interrupts: Interrupts?) -> Int32 {
        output.write(view.finish())
        output.flush()
        var saveFailed = saving.saveOnExit(view.app.model, token: token, language: view.language) != nil
        if autosave?.closeAndSay() == true, saving.save == nil { saveFailed = true }  // nothing else kept the words
        if case .stopped = outcome { return interrupts?.exitCode ?? ExitStatus.interrupted }
        return saveFailed && outcome.exitCode == ExitStatus.ended ? ExitStatus.failure : outcome.exitCode
    }
}

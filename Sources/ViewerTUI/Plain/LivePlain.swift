import BroadcastCore
import FoundationEssentials
import BroadcastModel

/// Live viewing in plain mode: the session's updates become transcript lines
/// on standard output, exactly as `replay` prints them, plus `#` status lines
/// for the connection.
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
        case update(SessionUpdate)
        case autosave(Autosave.News)
        case tick
    }

    /// Runs until the broadcast ends for this viewer; returns the exit code.
    public func run(server: String, checkLanguage: (BroadcastInfo) throws -> String?) async -> Int32 {
        let session = self.session  // the tasks below take the session, not this value (its output is not Sendable)
        let output = self.output
        let start = ContinuousClock.now
        func now() -> Double {
            (ContinuousClock.now - start).inSeconds
        }
        var pipeline = PlainPipeline(language: language)
        output.write("# vas-view \(Program.version): broadcast \(token) on \(server)")
        // Standard output that cannot be written at all (`> /dev/full`): said, and nothing is watched.
        if let failure = output.flush() {
            _ = saving.saveOnExit(BroadcastModel(), token: token, language: language)  // says the file is as it was
            return StandardOutput.exitCode(for: failure)
        }

        if let outcome = await session.prepare() {
            return finish(outcome, pipeline: &pipeline, output: output, interrupts: nil)
        }
        if let info = await session.info {
            if let name = info.name { output.write("# broadcast: \(name)") }
            do {
                let chosen = try checkLanguage(info)
                if chosen != language {
                    pipeline.select(language: chosen)
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
        output.flush()

        let (inputs, feed) = AsyncStream.makeStream(of: Input.self)
        let speaker = speech.map { options in
            SpeechControl(options: options, enabled: true, language: pipeline.language) { event in
                switch event {
                case .notice(let text), .deviceUnavailable(let text): Diagnostics.warning(text)
                case .deviceBack: Diagnostics.warning("audio is back")
                case .started, .finished: break
                }
            }
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
                if let news = taps.see(update) { feed.yield(.autosave(news)) }
                feed.yield(.update(update))
            }
            feed.finish()
        }
        var timer: Task<Void, Never>?
        var announcedConnect = false
        var outputFailed = false
        var outcome = SessionOutcome.stopped
        for await input in inputs {
            switch input {
            case .tick:
                output.write(pipeline.tick(now: now()))
            case .autosave(.opened(let path)):
                output.write("# autosaving to \(path)")
            case .autosave(.failed(let why)):
                Diagnostics.warning(why)
            case .update(let update):
                switch update {
                case .items(let items):
                    for item in items { output.write(pipeline.handle(item, now: now())) }
                case .connecting(let url):
                    if !announcedConnect { output.write("# connecting to \(url)") }
                    announcedConnect = true
                case .connected, .info:
                    break
                case .waiting(let wait, let delay, let detail):
                    output.write("# \(ViewerUI.words(for: wait, detail: detail)); trying again in \(delay.secondsText)")
                case .passwordRejected(let left):
                    output.flush()
                    Diagnostics.error("wrong password (\(left) \(left == 1 ? "try" : "tries") left).")
                case .passwordPrompt(let prompt):
                    // Everything before the question is out first, so the prompt has its own line.
                    output.flush()
                    prompt.answer(TerminalPassword.read(prompt: prompt.text))
                case .languageSelected(let language):
                    pipeline.select(language: language)
                case .speech(on: false, reason: let reason?):
                    output.write("# \(reason): speech is off")
                case .speech, .paced:
                    break
                case .notice(let text):
                    output.flush()
                    Diagnostics.warning(text)
                case .finished(let end):
                    outcome = end
                }
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
            if let deadline = pipeline.nextDeadline {
                let wait = max(0, deadline - now()) + 0.01
                timer = Task {
                    try? await Task.sleep(for: .seconds(wait))
                    if !Task.isCancelled { feed.yield(.tick) }
                }
            }
        }
        timer?.cancel()
        forwarder.cancel()
        _ = await runner.value
        // Say what is still queued (within the lag cap) — unless the viewer interrupted.
        if let speaker {
            if case .stopped = outcome { speaker.stop() } else { await Task.detached { speaker.finish() }.value }
            if let words = speaker.wavReport() { Diagnostics.info(words) }
        }
        let code = finish(outcome, pipeline: &pipeline, output: output, interrupts: interrupts)
        if outputFailed, let failure = output.failure { return StandardOutput.exitCode(for: failure) }
        return code
    }

    private func finish(_ outcome: SessionOutcome, pipeline: inout PlainPipeline, output: BufferedWriter,
                        interrupts: Interrupts?) -> Int32 {
        output.write(pipeline.finish())
        // An ending the stream did not announce (it was over when the viewer came back, after a
        // drop or a new password): said like one it did, so a transcript always says how it ended.
        if case .ended(let message) = outcome, !pipeline.model.viewer.phase.isTerminal {
            output.write(PlainPrinter.endedLine(message))
        }
        output.flush()
        var saveFailed = saving.saveOnExit(pipeline.model, token: token, language: pipeline.language) != nil
        if autosave?.closeAndSay() == true, saving.save == nil { saveFailed = true }  // nothing else kept the words
        if case .stopped = outcome { return interrupts?.exitCode ?? ExitStatus.interrupted }
        // The transcript already ends with "# ended"; anything else is said on standard error.
        if case .ended = outcome {} else { Diagnostics.error(outcome.message) }
        return saveFailed && outcome.exitCode == ExitStatus.ended ? ExitStatus.failure : outcome.exitCode
    }
}

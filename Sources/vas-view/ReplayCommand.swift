import ArgumentParser
import BroadcastCore
import FoundationEssentials
import BroadcastModel
import ViewerTUI
#if canImport(Glibc)
import Glibc
#endif

/// `vas-view replay`: a recorded stream through the same pipeline as a live one.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded broadcast stream (from --record-raw) in the viewer, or as plain text.",
        discussion: """
            On a terminal the recording opens in the full-screen viewer: p pauses, ] and [ play twice or \
            half as fast, and every other key works as live but the speech keys (a recording has no sound). Piped, or with --plain, its transcript is printed. \
            The stream is paced by the timestamps vas-view records, or else by the sentences' \
            start times; --instant prints everything at once.
            """
    )

    @Argument(help: "The recorded stream: a file, or - for standard input.", completion: .file())
    var file: String

    @Option(help: "The translation language to print, e.g. en-US (default: the broadcast's first).")
    var lang: String?

    @Option(parsing: .unconditional, help: "Playback speed: 2 plays twice as fast.")
    var speed: Double = 1

    @Flag(help: "Print everything at once, without pacing (plain text).")
    var instant = false

    @Flag(help: "Print the transcript as plain lines (automatic when output is not a terminal).")
    var plain = false

    @Flag(help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    @OptionGroup var saving: SaveOptions

    /// The recording's name without its extension: what `s` names its file after
    /// (`vas-view-demo-20261206-2105.txt`, not `vas-view-demo.sse-…`).
    var recordingName: String {
        let name = Paths.lastComponent(file)
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return name }
        return String(name[..<dot])
    }

    func validate() throws {
        guard speed > 0, speed.isFinite else {
            throw ValidationError("--speed must be a positive number, like 0.5, 1 or 4.")
        }
        if let save = saving.save, let problem = OutputPath.isItsOwnInput(output: save, input: file, what: "--save") {
            throw ValidationError(problem)
        }
    }

    func run() async throws {
        Log.start(path: nil, verbosity: 0)
        SaveTarget.sayWhatWillBeReplaced([saving.save].compactMap { $0 })
        // A token or a journal's name where a recording goes: say what replay plays, and what reads those.
        if file != "-", !FileManager.default.fileExists(atPath: file),
           let journal = JournalFiles.resolve(file, in: JournalFiles.folder) {
            throw UserFacingError(message: "there is no file '\(TextSanitizer.clean(file))'; \(journal) is an autosave journal: replay plays what --record-raw kept, and vas-view export \(TextSanitizer.clean(file)) turns the journal into text or subtitles.",
                                  code: ExitStatus.usage)
        }
        // A file is read again for each pass, a chunk at a time: never held whole.
        let recording = try RecordingInput.open(file)
        try Self.checkRecording(recording, file: file)
        if lang != nil || saving.save != nil {
            // The languages are checked before the replay, not after it (when nothing could be saved any more).
            var held = Broadcast()
            var reader = try recording.reader()
            while let (_, item) = try reader.read() { if let item { held.apply(item) } }
            let languages = held.transcript.translatedLanguages
            if let lang, !languages.isEmpty, LanguageTag.bestMatch(for: lang, among: languages) == nil {
                throw UserFacingError(message: "the recording has no '\(TextSanitizer.clean(lang))' translation; it has: \(languages.joined(separator: ", ")).",
                                      code: ExitStatus.usage)
            }
            if saving.save != nil { try saving.format.shape.checkLanguage(in: held) }
        }
        if !instant, !plain, file != "-", TerminalCheck.canDrawFullScreen {
            let source = ReplaySource(recording: recording, speed: speed)
            let app = TerminalApp(session: source, server: "replay", token: recordingName,
                                  language: lang, details: nil, saving: saving.target, autosave: nil,
                                  theme: Theme.choose(environment: ProcessInfo.processInfo.environment, noColorFlag: noColor),
                                  speech: SpeechControl.Options(), speechOn: false)
            app.notices = SaveTarget.replacementNotices([saving.save].compactMap { $0 })
            if try await app.runFullScreen() { return }
        }
        if !instant, !plain, file != "-" { TerminalCheck.sayWhyPlain() }
        // Without --save, --format prints the transcript in that format (replay --instant --format srt
        // is subtitles on standard output); --subtitle-lang and --bilingual shape it.
        let printed = saving.save == nil ? saving.format.format : nil
        if saving.save == nil, printed == nil, saving.format.shapesSomething {
            Diagnostics.info("--subtitle-lang and --bilingual shape what --save or --format writes; without either, they do nothing here.")
        }
        let interrupted = Interrupts.install()
        // The same update function as the full screen and live plain mode: the recording's items
        // are session updates, and plain mode prints what the update said (PlainView).
        var view = PlainView(app: ViewerApp(ui: ViewerUI(server: "replay", token: recordingName, language: lang)))
        var timing = ReplayTiming(speed: speed)
        // With --save, a closed standard output does not end the replay: the file is still written.
        let output = StandardOutput(endsProgram: saving.save == nil)
        var reader = try recording.reader()
        while let (parsed, item) = try reader.read() {
            if !instant {
                let wait = timing.wait(before: parsed)
                if wait > 0 {
                    output.flush()
                    try? await Task.sleep(for: .seconds(wait))
                }
            }
            if interrupted.isSet { break }
            guard let item else { continue }
            let said = view.take(.update(.items([item])), now: instant ? 0 : timing.clock)
            if printed == nil { output.write(said.lines) }
            // A transcript redirected to a file still has its warnings said where the person looks.
            for notice in said.notices { Diagnostics.record(notice, standardError: notice.level != .info && isatty(1) != 1) }
        }
        let last = view.finish()
        if printed != nil {
            let shape = saving.format.shape
            try shape.checkLanguage(in: view.app.model)
            output.write(piece: TranscriptExport.render(view.app.model, shape.options(for: nil, language: view.language, token: nil)))
        } else {
            output.write(last)
        }
        output.flush()
        if let save = saving.save {
            if view.app.model.transcript.holdsWords {
                try saving.format.shape.checkLanguage(in: view.app.model)
                try saving.target.write(view.app.model, to: save, token: nil, language: view.language)
                Diagnostics.info("saved to \(save)" + (SaveTarget.missedNote(view.app.model, format: saving.format.shape.format(for: save)).map { " (\($0))" } ?? ""))
            } else {
                Diagnostics.info("the recording holds no sentence; \(save) left as it was")
            }
        }
        if interrupted.isSet { throw ArgumentParser.ExitCode(interrupted.exitCode) }
        if let failure = output.failure, StandardOutput.exitCode(for: failure) != 0 { throw ArgumentParser.ExitCode(StandardOutput.exitCode(for: failure)) }
    }

    /// A file that is not a recording is refused with one sentence (not replayed as nothing).
    static func checkRecording(_ recording: RecordingInput, file: String) throws {
        var reader = try recording.reader()
        guard try !RecordingCheck.holdsBroadcastEvents(&reader) else { return }
        let name = TextSanitizer.clean(file)
        if try RecordingCheck.looksLikeJSONLines(recording.start()) {
            throw UserFacingError(message: "'\(name)' is not a recording (it looks like an autosave journal or JSON lines): replay plays what --record-raw kept; vas-view export turns a journal into text or subtitles.", code: ExitStatus.usage)
        }
        throw UserFacingError(message: "'\(name)' is not a vas-view recording: it holds no broadcast event. Replay plays what --record-raw kept.", code: ExitStatus.usage)
    }
}

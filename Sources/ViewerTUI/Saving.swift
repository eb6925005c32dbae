import ArgumentParser
import BroadcastCore
import Foundation
import BroadcastModel

extension ExportFormat: ExpressibleByArgument {}

/// `--format`, `--subtitle-lang`, `--bilingual`: what a saved or exported transcript looks
/// like. Shared by `--save` (watch, replay) and `vas-view export`.
struct FormatOptions: ParsableArguments {
    @Option(help: "txt, json, jsonl, srt or vtt (default: from the file name's extension; txt for the s key alone and for standard output).")
    var format: ExportFormat?

    @Option(help: "Subtitles and text: the translation language to write (default: the one on screen; for export, the broadcast's first).")
    var subtitleLang: String?

    @Flag(help: "Subtitles: the original and the translation together in each cue.")
    var bilingual = false

    /// A file name that names no format, and no `--format`: a usage mistake, said as one.
    func check(path: String?) throws {
        if let path, format == nil, ExportFormat(path: path) == nil {
            throw ValidationError("cannot tell the format of '\(TextSanitizer.clean(path))' from its name: end it in .txt, .json, .jsonl, .srt or .vtt, or add --format.")
        }
    }

    /// `--subtitle-lang` for a language the transcript lacks: a usage mistake, listing what it has.
    func checkLanguage(in model: BroadcastModel) throws {
        guard let subtitleLang else { return }
        let languages = Array(model.transcript.languages)
        guard LanguageTag.bestMatch(for: subtitleLang, among: languages) == nil else { return }
        let has = languages.isEmpty ? "no translation at all" : "it has: \(languages.joined(separator: ", "))"
        throw UserFacingError(message: "--subtitle-lang \(TextSanitizer.clean(subtitleLang)): the transcript has no such translation; \(has).",
                              code: ExitCode.usage)
    }

    /// `--format`, else the path's extension, else txt.
    func format(for path: String?) -> ExportFormat {
        format ?? path.flatMap { ExportFormat(path: $0) } ?? .txt
    }

    /// `language` is the one on screen, used when `--subtitle-lang` is not given.
    func options(for path: String?, language: String? = nil, token: String?) -> ExportOptions {
        ExportOptions(format: format(for: path), language: subtitleLang ?? language, bilingual: bilingual, token: token, date: .now)
    }
}

/// `--save` and the shape of the file: watch and replay.
struct SaveOptions: ParsableArguments {
    @Option(help: "On exit, write the whole transcript to this file; the format comes from its extension (.txt .json .jsonl .srt .vtt) or --format.")
    var save: String?

    @OptionGroup var shape: FormatOptions

    func validate() throws {
        if let save, let problem = OutputPath.problem(save) {
            throw ValidationError("cannot write the --save file '\(TextSanitizer.clean(save))': \(problem).")
        }
        try shape.check(path: save)
    }

    /// The file `s` writes without `--save`: `vas-view-TOKEN-DATE.EXT` in the current folder.
    func pathForKey(token: String?, date: Date = Date()) -> String {
        if let save { return save }
        let format = shape.format
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "vas-view-\(token.map { "\($0)-" } ?? "")\(formatter.string(from: date)).\((format ?? .txt).rawValue)"
    }

    /// At the end of a viewing: the `--save` file, if asked for. A failure is said, and
    /// returned (the program then exits 1 where it would have exited 0).
    func saveOnExit(_ model: BroadcastModel, token: String?, language: String?) -> UserFacingError? {
        guard let save else { return nil }
        do {
            try write(model, to: save, token: token, language: language)
            Diagnostics.info("saved to \(save)")
            return nil
        } catch let error as UserFacingError {
            Diagnostics.error(error.message)
            return error
        } catch {
            return UserFacingError(message: "cannot write '\(TextSanitizer.clean(save))': \(error).")
        }
    }

    /// Writes the transcript to `path` in its format, whole or not at all.
    func write(_ model: BroadcastModel, to path: String, token: String?, language: String?) throws {
        let options = shape.options(for: path, language: language, token: token)
        try SavedFile.write(to: path) { TranscriptExport.write(model, options, to: $0) }
    }
}

/// The autosave journal of a live viewing: opened only when the first sentence is final,
/// so a mistyped token, a wrong password or a broadcast that never started leaves no file
/// behind (what came before it — languages, speakers — is kept until then and written first).
final class Autosave: @unchecked Sendable {
    /// What happened to the journal, for the front end to say.
    enum News: Equatable, Sendable {
        case opened(path: String)
        case failed(String)
    }

    private let lock = NSLock()
    private let token: String
    private let server: String
    private let disabled: Bool
    private var tried = false
    private var writer: JournalWriter?
    /// Events worth keeping that came before the first sentence (a few: connected, speakers).
    private var early: [BroadcastEvent] = []
    /// The broadcast's id, from its details, for the journal's header.
    private var broadcastID: String?
    private var failed: String?

    /// Why nothing is being kept, if the journal could not be opened.
    var failure: String? { lock.withLock { failed } }

    init(token: String, server: String, disabled: Bool) {
        self.token = token
        self.server = server
        self.disabled = disabled
    }

    /// The journal's file, once it is open.
    var path: String? { lock.withLock { writer?.path } }

    /// Keeps the update's events; the first final sentence opens the journal.
    func see(_ update: SessionUpdate) -> News? {
        guard !disabled else { return nil }
        if case .info(let info) = update { lock.withLock { broadcastID = info.id } }
        guard case .items(let items) = update else { return nil }
        let events = items.compactMap { if case .event(let event) = $0 { event } else { nil } }
        if let open = lock.withLock({ writer }) {
            open.record(events)
            return nil
        }
        let (journal, news, backlog): (JournalWriter?, News?, [BroadcastEvent]) = lock.withLock {
            if writer != nil || tried { return (writer, nil, []) }
            guard events.contains(where: Self.isSentence) else {
                early = Array((early + events.filter(Journal.keeps)).suffix(1_000))
                return (nil, nil, [])
            }
            tried = true
            let news = open()
            defer { early = [] }
            return (writer, news, early)
        }
        journal?.record(backlog + events)
        return news
    }

    private static func isSentence(_ event: BroadcastEvent) -> Bool {
        switch event {
        case .origin(let origin): origin.isFinal
        case .translation(let translation): translation.isFinal
        case .ttsReady(let tts): tts.text?.isEmpty == false
        default: false
        }
    }

    /// Call with the lock held.
    private func open() -> News {
        let path = JournalWriter.defaultPath(token: token, date: Date(), environment: ProcessInfo.processInfo.environment)
        do {
            writer = try JournalWriter(path: path, header: Journal.header(token: token, server: server, broadcast: broadcastID, date: .now))
            return .opened(path: path)
        } catch {
            failed = "autosave is off: \(error)"
            return .failed("autosave is off: \(error). The transcript is kept in memory; use s or --save to keep it.")
        }
    }

    /// Writes what is queued and closes; the file's path if there is one.
    @discardableResult
    func close() -> String? {
        let writer = lock.withLock { self.writer }
        writer?.close()
        return writer?.path
    }
}

/// What every session update passes through on its way to a front end, in both modes:
/// the log, speech (before the UI, so a frame never delays it), the autosave journal.
struct UpdateTaps: Sendable {
    let speech: SpeechControl?
    let autosave: Autosave?

    /// Returns what happened to the journal, if anything did.
    func see(_ update: SessionUpdate) -> Autosave.News? {
        Log.record(update)
        speech?.feed(update)
        return autosave?.see(update)
    }
}

/// `vas-view export`: a journal (or a raw recording) into any format.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Turn an autosave journal (or a --record-raw recording) into text, JSON or subtitles.",
        discussion: """
            Journals are in $XDG_STATE_HOME/vas-view (~/.local/state/vas-view), one per broadcast and day.
            Examples:
              vas-view export ~/.local/state/vas-view/a3f9-2026-11-22.jsonl --format srt -o talk.srt
              vas-view export a3f9-2026-11-22.jsonl --format vtt --subtitle-lang ja-JP --bilingual
            """
    )

    @Argument(help: "The journal (.jsonl) or recording (.sse) to read, or - for standard input.")
    var file: String

    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    @Option(help: "Only recording N (1 is the first): a journal holds one per broadcast watched and per new recording; the text format lists them.")
    var recording: Int?

    @OptionGroup var shape: FormatOptions

    func validate() throws {
        if let recording, recording < 1 {
            throw ValidationError("--recording counts from 1: give 1 for the first recording.")
        }
        if let output, let problem = OutputPath.problem(output) {
            throw ValidationError("cannot write '\(TextSanitizer.clean(output))': \(problem).")
        }
        try shape.check(path: output)
    }

    func run() throws {
        let input = try InputFile(path: file)
        // Enough of the start to tell a journal (JSON lines) from a raw recording.
        var bytes: [UInt8] = []
        while !bytes.contains(where: { !RecordingCheck.isBlank($0) }), let chunk = try input.read() { bytes += chunk }
        var model: BroadcastModel
        var token: String?
        if RecordingCheck.looksLikeJSONLines(bytes) {
            // A journal, read a chunk and a line at a time: memory for the transcript, not for the file.
            var reader = Journal.Reader()
            reader.feed(bytes)
            while let chunk = try input.read() { reader.feed(chunk) }
            reader.finish()
            let journal = reader.contents
            for problem in journal.problems { Diagnostics.warning("\(TextSanitizer.clean(file)): \(problem)") }
            if journal.problemCount > journal.problems.count {
                Diagnostics.warning("… and \(journal.problemCount - journal.problems.count) more unreadable lines")
            }
            guard journal.events > 0 || journal.token != nil else {
                throw UserFacingError(message: "'\(TextSanitizer.clean(file))' is not a vas-view journal: no line of it could be read. Export reads a journal ($XDG_STATE_HOME/vas-view/TOKEN-DATE.jsonl) or what --record-raw kept.",
                                      code: ExitCode.usage)
            }
            model = journal.model
            token = journal.token
        } else {
            // A raw recording: the same parts and decoder as replay (which needs it whole, to split it at reconnections).
            while let chunk = try input.read() { bytes += chunk }
            guard RecordingCheck.holdsBroadcastEvents(bytes) else {
                throw UserFacingError(message: "'\(TextSanitizer.clean(file))' is neither an autosave journal nor a recording: export reads a journal ($XDG_STATE_HOME/vas-view/TOKEN-DATE.jsonl) or what --record-raw kept.",
                                      code: ExitCode.usage)
            }
            model = BroadcastModel()
            var parser = SSEParser()
            for part in RecordingParts.split(bytes) {
                for parsed in part.withUnsafeBytes({ parser.feed($0) }) {
                    if let item = EventStreamDecoder.item(for: parsed) { model.apply(item) }
                }
                parser.finish()
            }
        }
        if let recording {
            guard let one = model.only(recording: recording) else {
                let count = model.transcript.recordingCount
                throw UserFacingError(message: "there is no recording \(recording): '\(TextSanitizer.clean(file))' holds \(count) recording\(count == 1 ? "" : "s").",
                                      code: ExitCode.usage)
            }
            model = one
        }
        try shape.checkLanguage(in: model)
        let options = shape.options(for: output, token: token)
        if let output {
            try SavedFile.write(to: output) { TranscriptExport.write(model, options, to: $0) }
        } else {
            let out = StandardOutput()
            TranscriptExport.write(model, options) { out.write(piece: $0) }
            out.flush()
        }
    }
}

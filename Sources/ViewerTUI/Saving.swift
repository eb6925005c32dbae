import ArgumentParser
import BroadcastCore
import Foundation

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

    /// `--format`, else the path's extension, else txt.
    func format(for path: String?) -> ExportFormat {
        format ?? path.flatMap { ExportFormat(path: $0) } ?? .txt
    }

    /// `language` is the one on screen, used when `--subtitle-lang` is not given.
    func options(for path: String?, language: String? = nil, token: String?) -> ExportOptions {
        ExportOptions(format: format(for: path), language: subtitleLang ?? language, bilingual: bilingual, token: token, date: Date())
    }
}

/// `--save` and the shape of the file: watch and replay.
struct SaveOptions: ParsableArguments {
    @Option(help: "On exit, write the whole transcript to this file; the format comes from its extension (.txt .json .jsonl .srt .vtt) or --format.")
    var save: String?

    @OptionGroup var shape: FormatOptions

    func validate() throws {
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

    /// At the end of a viewing: the `--save` file, if asked for. A failure is said; it does
    /// not change how the viewing ended (its exit code).
    func saveOnExit(_ model: BroadcastModel, token: String?, language: String?) {
        guard let save else { return }
        do {
            try write(model, to: save, token: token, language: language)
        } catch let error as UserFacingError {
            Diagnostics.error(error.message)
        } catch {}
    }

    /// Writes the transcript to `path` in its format, whole or not at all.
    func write(_ model: BroadcastModel, to path: String, token: String?, language: String?) throws {
        let options = shape.options(for: path, language: language, token: token)
        try SavedFile.write(to: path) { TranscriptExport.write(model, options, to: $0) }
    }
}

/// The autosave journal of a live viewing session, or nothing (`--no-autosave`, or it could not be opened).
enum Autosave {
    static func open(token: String, server: String, disabled: Bool) -> JournalWriter? {
        guard !disabled else { return nil }
        let path = JournalWriter.defaultPath(token: token, date: Date(), environment: ProcessInfo.processInfo.environment)
        do {
            return try JournalWriter(path: path, header: Journal.header(token: token, server: server, date: Date()))
        } catch {
            Diagnostics.warning("autosave is off: \(error). The transcript is kept in memory; use s or --save to keep it.")
            return nil
        }
    }

    /// The events of a session update, for the journal.
    static func record(_ update: SessionUpdate, in journal: JournalWriter?) {
        guard let journal, case .items(let items) = update else { return }
        journal.record(items.lazy.compactMap { if case .event(let event) = $0 { event } else { nil } })
    }
}

/// What every session update passes through on its way to a front end, in both modes:
/// the log, speech (before the UI, so a frame never delays it), the autosave journal.
struct UpdateTaps: Sendable {
    let speech: SpeechControl?
    let journal: JournalWriter?

    func see(_ update: SessionUpdate) {
        Log.record(update)
        speech?.feed(update)
        Autosave.record(update, in: journal)
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

    @OptionGroup var shape: FormatOptions

    func validate() throws {
        try shape.check(path: output)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    func run() throws {
        let input = try InputFile(path: file)
        // Enough of the start to tell a journal (JSON lines) from a raw recording.
        var bytes: [UInt8] = []
        while !bytes.contains(where: { !Self.isBlank($0) }), let chunk = try input.read() { bytes += chunk }
        var model: BroadcastModel
        var token: String?
        if bytes.first(where: { !Self.isBlank($0) }) == UInt8(ascii: "{") {
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
                throw UserFacingError(message: "'\(TextSanitizer.clean(file))' is not a vas-view journal: no line of it could be read.")
            }
            model = journal.model
            token = journal.token
        } else {
            // A raw recording: the same parts and decoder as replay (which needs it whole, to split it at reconnections).
            while let chunk = try input.read() { bytes += chunk }
            model = BroadcastModel()
            var parser = SSEParser()
            for part in RecordingParts.split(bytes) {
                for parsed in part.withUnsafeBytes({ parser.feed($0) }) {
                    if let item = EventStreamDecoder.item(for: parsed) { model.apply(item) }
                }
                parser.finish()
            }
        }
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

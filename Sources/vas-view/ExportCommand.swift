import ArgumentParser
import BroadcastCore
import BroadcastModel
import FoundationEssentials
import ViewerTUI

/// `vas-view export`: a journal (or a raw recording, or a transcript saved as JSON) into any format.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Turn an autosave journal (or a --record-raw recording) into text, JSON or subtitles.",
        discussion: """
            Journals are in $XDG_STATE_HOME/vas-view (~/.local/state/vas-view), one per broadcast and day.
            A transcript saved as .json or .jsonl (--save, or export --format json) is read too, and turned into any other format.
            A journal may be named by its file name alone (from any folder), or by its token: the newest journal of that token. \
            vas-view journals lists them.
            Examples:
              vas-view export a3f9 --format srt -o talk.srt
              vas-view export a3f9-2026-11-22.jsonl --format vtt --subtitle-lang ja-JP --bilingual
              vas-view export talk.json --format vtt -o talk.vtt
            """
    )

    @Argument(help: ArgumentHelp("The journal (.jsonl; its name alone, or a token for its newest journal), recording (.sse) or saved transcript (.json, .jsonl) to read, or - for standard input.",
                                 valueName: "file"), completion: .file())
    var given: String

    /// The file read: as given, or the journal a bare name or a token stands for.
    var file: String { JournalFiles.resolve(given, in: JournalFiles.folder) ?? given }

    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of standard output (- is standard output).", completion: .file())
    var output: String?

    /// The file to write; nil is standard output (`-o -` too, as `-` is standard input on the way in).
    var destination: String? { output == "-" ? nil : output }

    @Option(help: "Only recording N (1 is the first): a journal holds one per broadcast watched and per new recording; the text format lists them.")
    var recording: Int?

    @OptionGroup var format: FormatOptions

    func validate() throws {
        if let recording, recording < 1 {
            throw ValidationError("--recording counts from 1: give 1 for the first recording.")
        }
        // Output is never its input: by name, a symlink or a hard link (device and inode).
        if let output = destination, let problem = OutputPath.isItsOwnInput(output: output, input: file, what: "-o") {
            throw ValidationError(problem)
        }
        if let output = destination, let problem = OutputPath.problem(output) {
            throw ValidationError("cannot write '\(TextSanitizer.clean(output))': \(problem).")
        }
        try format.check(path: destination, option: "-o")
    }

    func run() throws {
        if file != given {
            Diagnostics.info("reading \(file)")
        } else if given != "-", !FileManager.default.fileExists(atPath: given), VASAssumptions.isValidToken(given) || !given.contains("/") {
            throw UserFacingError(message: "there is no file '\(TextSanitizer.clean(given))', and no journal of that name or token in \(JournalFiles.folder): vas-view journals lists them.",
                                  code: ExitStatus.usage)
        }
        let input = try InputFile(path: file)
        // Enough of the start to tell a journal (JSON lines) from a raw recording.
        var bytes: [UInt8] = []
        while !bytes.contains(where: { !RecordingCheck.isBlank($0) }), let chunk = try input.read() { bytes += chunk }
        // A transcript vas-view saved (.json, .jsonl) says so in its first object's "format": read
        // until that is known (looking again each time the start has doubled, so a long first
        // object is not scanned over and over).
        var probe = RecordingCheck.looksLikeJSONLines(bytes) ? TranscriptReader.probe(bytes) : .other
        var probed = bytes.count
        while probe == .needMore {
            let chunk = try input.read()
            if let chunk { bytes += chunk }
            if chunk == nil || bytes.count >= 2 * probed {
                probe = TranscriptReader.probe(bytes, ended: chunk == nil)
                probed = bytes.count
            }
        }
        var model: Broadcast
        var token: String?
        if case .transcript(let form) = probe {
            let transcript: TranscriptReader.Contents
            switch form {
            case .document:
                // One JSON document, read whole (TranscriptReader.document).
                while let chunk = try input.read() { bytes += chunk }
                transcript = TranscriptReader.document(bytes)
            case .lines:
                // A line at a time, as a journal.
                var reader = TranscriptReader.LinesReader()
                reader.feed(bytes)
                while let chunk = try input.read() { reader.feed(chunk) }
                reader.finish()
                transcript = reader.contents
            }
            warn(transcript.problems, count: transcript.problemCount)
            model = transcript.model
            token = transcript.token
        } else if RecordingCheck.looksLikeJSONLines(bytes) {
            // A journal, read a chunk and a line at a time: memory for the transcript, not for the file.
            var reader = Journal.Reader()
            reader.feed(bytes)
            while let chunk = try input.read() { reader.feed(chunk) }
            reader.finish()
            let journal = reader.contents
            warn(journal.problems, count: journal.problemCount)
            guard journal.events > 0 || journal.token != nil else {
                throw UserFacingError(message: "'\(TextSanitizer.clean(file))' is not a vas-view journal: no line of it could be read. Export reads a journal ($XDG_STATE_HOME/vas-view/TOKEN-DATE.jsonl), what --record-raw kept, or a transcript saved as .json or .jsonl.",
                                      code: ExitStatus.usage)
            }
            model = journal.model
            token = journal.token
        } else {
            // A raw recording, read as replay reads it, a chunk at a time (the start already read first).
            var start: [UInt8]? = bytes
            var reader = RecordingReader(input: {
                defer { start = nil }
                return try start ?? input.read().map { [UInt8]($0) }
            })
            model = Broadcast()
            var holdsEvents = false
            while let (parsed, item) = try reader.read() {
                holdsEvents = holdsEvents || RecordingCheck.isBroadcastEvent(parsed)
                if let item { model.apply(item) }
            }
            guard holdsEvents else {
                throw UserFacingError(message: "'\(TextSanitizer.clean(file))' is neither an autosave journal nor a recording: export reads a journal ($XDG_STATE_HOME/vas-view/TOKEN-DATE.jsonl), what --record-raw kept, or a transcript vas-view saved as .json or .jsonl.",
                                      code: ExitStatus.usage)
            }
        }
        let count = model.transcript.recordingCount
        // A language the file does not have is said first, before anything about what is written.
        if recording == nil { try format.shape.checkLanguage(in: model) }
        if recording == nil, count > 1 {
            // Said, not silent: a journal of one day holds every broadcast watched under this token.
            Diagnostics.info("'\(TextSanitizer.clean(file))' holds \(count) recordings (broadcasts watched, or restarted by the host); all are written, one after the other. --recording N writes one alone.")
        }
        if let recording {
            guard let one = model.only(recording: recording) else {
                throw UserFacingError(message: "there is no recording \(recording): '\(TextSanitizer.clean(file))' holds \(count) recording\(count == 1 ? "" : "s").",
                                      code: ExitStatus.usage)
            }
            model = one
        }
        try format.shape.checkLanguage(in: model)
        let options = format.shape.options(for: destination, token: token)
        if options.format != .json, options.format != .jsonl, let language = model.language(for: options.language) {
            // Said, not silent: a cue without the translation carries the original instead.
            let sentences = model.transcript.allSentences.filter { $0.sentence.original != nil }
            let missing = sentences.filter { $0.sentence.translations[language] == nil }.count
            if missing > 0, missing < sentences.count {
                let how = options.format == .srt || options.format == .vtt
                    ? "the original stands in for them, marked with its language ([zh-TW] …)" : "each says (no translation)"
                Diagnostics.info("\(missing) of \(sentences.count) sentences have no \(language) translation: \(how)")
            }
        }
        if let output = destination {
            // A file is replaced only by something worth keeping.
            guard model.transcript.holdsWords else {
                let kept = FileManager.default.fileExists(atPath: output) ? "\(TextSanitizer.clean(output)) left as it was" : "nothing written"
                throw UserFacingError(message: "'\(TextSanitizer.clean(file))' holds no sentence: \(kept).")
            }
            let replaced = (try? FileManager.default.attributesOfItem(atPath: output))?[.type] as? FileAttributeType == .typeRegular
            try SavedFile.write(to: output) { TranscriptExport.write(model, options, to: $0) }
            // As --save says before it replaces a file: an existing one is named as replaced, not only "written".
            Diagnostics.info(replaced ? "written to \(TextSanitizer.clean(output)), replacing the file that was there"
                                      : "written to \(TextSanitizer.clean(output))")
        } else {
            let out = StandardOutput()
            TranscriptExport.write(model, options) { out.write(piece: $0) }
            out.flush()
        }
        // Said, not silent, once written: sentences that never arrived (SRT has no place to mark them).
        if let missed = SaveTarget.missedNote(model, format: options.format) { Diagnostics.info(missed) }
    }

    /// Lines that could not be read: the first few named, then how many more.
    private func warn(_ problems: [String], count: Int) {
        for problem in problems { Diagnostics.warning("\(TextSanitizer.clean(file)): \(problem)") }
        if count > problems.count {
            Diagnostics.warning("… and \(count - problems.count) more unreadable lines")
        }
    }
}

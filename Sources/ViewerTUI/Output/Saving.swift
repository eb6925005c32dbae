import BroadcastCore
import BroadcastModel
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a saved or exported transcript looks like (`--format`, `--subtitle-lang`, `--bilingual`).
public struct TranscriptShape: Sendable, Equatable {
    public var format: ExportFormat?
    public var subtitleLang: String?
    public var bilingual: Bool

    public init(format: ExportFormat? = nil, subtitleLang: String? = nil, bilingual: Bool = false) {
        self.format = format
        self.subtitleLang = subtitleLang
        self.bilingual = bilingual
    }

    /// `--subtitle-lang` for a language the transcript lacks: a usage mistake, listing what it has.
    public func checkLanguage(in model: Broadcast) throws {
        guard let subtitleLang, !model.transcript.allSentences.isEmpty else { return }
        let languages = model.transcript.translatedLanguages
        guard LanguageTag.bestMatch(for: subtitleLang, among: languages) == nil else { return }
        let has = languages.isEmpty ? "no translation at all" : "it has: \(languages.joined(separator: ", "))"
        throw UserFacingError(message: "--subtitle-lang \(TextSanitizer.clean(subtitleLang)): the transcript has no such translation; \(has).",
                              code: ExitStatus.usage)
    }

    /// `--format`, else the path's extension, else txt.
    public func format(for path: String?) -> ExportFormat {
        format ?? path.flatMap { ExportFormat(path: $0) } ?? .txt
    }

    /// `language` is the one on screen, used when `--subtitle-lang` is not given.
    public func options(for path: String?, language: String? = nil, token: String?) -> ExportOptions {
        ExportOptions(format: format(for: path), language: subtitleLang ?? language, bilingual: bilingual, token: token, date: .now)
    }
}

/// Where a viewing's transcript is saved: the `--save` file on exit, and the file the `s` key writes.
public struct SaveTarget: Sendable, Equatable {
    /// `--save`: written on exit (and by `s`).
    public var save: String?
    public var shape: TranscriptShape

    public init(save: String? = nil, shape: TranscriptShape = TranscriptShape()) {
        self.save = save
        self.shape = shape
    }

    /// The file `s` writes without `--save`: `vas-view-TOKEN-DATE.EXT` in the current folder.
    public func pathForKey(token: String?, date: Date = Date(), folder: String? = nil) -> String {
        if let save { return save }
        let base = (folder.map { $0 + "/" } ?? "") + "vas-view-\(token.map { "\($0)-" } ?? "")\(UTCTime(date).localFileStamp)"
        let ext = (shape.format ?? .txt).rawValue
        // Two presses in one second make two files, not one written twice.
        var path = "\(base).\(ext)"
        var number = 2
        while FileManager.default.fileExists(atPath: path), number < 100 {
            path = "\(base)-\(number).\(ext)"
            number += 1
        }
        return path
    }

    /// At the end of a viewing: the `--save` file, if asked for. A failure is said, and
    /// returned (the program then exits 1 where it would have exited 0).
    public func saveOnExit(_ model: Broadcast, token: String?, language: String?) -> UserFacingError? {
        guard let save else { return nil }
        // A file is replaced only by something worth keeping.
        guard model.transcript.holdsWords else {
            Diagnostics.info(FileManager.default.fileExists(atPath: save)
                ? "nothing was received; \(save) left as it was" : "nothing was received; \(save) was not written")
            return nil
        }
        do {
            try write(model, to: save, token: token, language: language)
            Diagnostics.info("saved to \(save)" + (Self.missedNote(model, format: shape.format(for: save)).map { " (\($0))" } ?? ""))
            return nil
        } catch let error as UserFacingError {
            Diagnostics.error(error.message)
            return error
        } catch {
            return UserFacingError(message: "cannot write '\(TextSanitizer.clean(save))': \(error).")
        }
    }

    /// `2 sentences were missed while reconnecting: each gap is marked where they would have been` (SRT, which
    /// has no place for a mark, says so); nil when nothing was missed.
    public static func missedNote(_ model: Broadcast, format: ExportFormat) -> String? {
        let missed = model.transcript.missedCount
        guard missed > 0 else { return nil }
        let count = missed == 1 ? "1 sentence was" : "\(missed) sentences were"
        return format == .srt ? "\(count) missed while reconnecting: SRT has no place to mark them (txt, vtt and json do)"
            : "\(count) missed while reconnecting: each gap is marked where they would have been"
    }

    /// At the start: the files given that exist, and will be replaced when the viewing ends
    /// (only by something worth keeping).
    public static func sayWhatWillBeReplaced(_ paths: [String], recording: String? = nil) {
        for notice in replacementNotices(paths, recording: recording) { Diagnostics.info(notice) }
    }

    /// `keep.srt exists: it will be replaced at the end, if anything is received`, for each
    /// file given that exists (the full screen also lists them among its notices).
    public static func replacementNotices(_ paths: [String], recording: String? = nil) -> [String] {
        (paths + [recording].compactMap { $0 }).flatMap { path in
            var info = stat()
            let exists = stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
            let when = path == recording ? "as soon as something said is received" : "at the end, if anything is received"
            return (exists ? ["\(path) exists: it will be replaced \(when)"] : [])
                + OutputPath.leftovers(beside: path).map { "\($0) is what an earlier run that was killed had written of \(path); it is yours to keep or remove" }
        }
    }

    /// Writes the transcript to `path` in its format, whole or not at all.
    public func write(_ model: Broadcast, to path: String, token: String?, language: String?) throws {
        let options = shape.options(for: path, language: language, token: token)
        try SavedFile.write(to: path) { TranscriptExport.write(model, options, to: $0) }
    }
}

/// The autosave journal of a live viewing: opened only when the first sentence is final,
/// so a mistyped token, a wrong password or a broadcast that never started leaves no file
/// behind (what came before it — languages, speakers — is kept until then and written first).
public final class Autosave: Sendable {
    /// What happened to the journal, for the front end to say.
    public enum News: Equatable, Sendable {
        case opened(path: String)
        case failed(String)
    }

    private let token: String
    private let server: String
    private let disabled: Bool
    private let state = Mutex(State())

    private struct State {
        var tried = false
        var writer: JournalWriter?
        /// Events worth keeping that came before the first sentence (a few: connected, speakers).
        var early: [StreamItem] = []
        /// The broadcast's id, from its details, for the journal's header.
        var broadcastID: String?
        /// The broadcast's name, from its details, for the journal's header (export's headings).
        var broadcastName: String?
        var failed: String?
    }

    /// Why nothing is being kept, if the journal could not be opened.
    public var failure: String? { state.withLock { $0.failed } }

    /// Closes the journal and says where the words are kept (or that nothing was kept), as
    /// both front ends do on leaving.
    /// True when the journal could not be written whole (a full disk): the caller exits 1
    /// where it would have exited 0, as for a failed --save.
    @discardableResult
    public func closeAndSay() -> Bool {
        let writer = state.withLock { $0.writer }
        if let writer {
            if let broken = writer.close() {
                Diagnostics.error("the autosave journal \(writer.path) is incomplete: \(broken).")
                return true
            }
            Diagnostics.info("the transcript is kept in \(writer.path) (vas-view export turns it into text or subtitles)")
        }
        if let failure {
            Diagnostics.error("nothing was autosaved (\(failure)).")
            return true
        }
        return false
    }

    public init(token: String, server: String, disabled: Bool) {
        self.token = token
        self.server = server
        self.disabled = disabled
    }

    /// The journal's file, once it is open.
    public var path: String? { state.withLock { $0.writer?.path } }

    /// Keeps the update's events; the first final sentence opens the journal.
    public func see(_ update: SessionUpdate) -> News? {
        guard !disabled else { return nil }
        if case .info(let info) = update {
            state.withLock {
                $0.broadcastID = info.id
                $0.broadcastName = info.name
            }
        }
        guard case .items(let items) = update else { return nil }
        if let open = state.withLock({ $0.writer }) {
            open.record(items: items)
            // A write error is said at once: the transcript is still in memory, and s or --save keep it.
            if let failure = open.takeNewFailure() {
                return .failed("autosave stopped: \(failure). The transcript is kept in memory; use s or --save to keep it.")
            }
            return nil
        }
        let (journal, news, backlog): (JournalWriter?, News?, [StreamItem]) = state.withLock { state in
            if state.writer != nil || state.tried { return (state.writer, nil, []) }
            guard items.contains(where: Self.isSentence) else {
                state.early = Array((state.early + items.filter(Journal.keeps)).suffix(1_000))
                return (nil, nil, [])
            }
            state.tried = true
            let news = open(&state)
            defer { state.early = [] }
            return (state.writer, news, state.early)
        }
        journal?.record(items: backlog + items)
        return news
    }

    private static func isSentence(_ item: StreamItem) -> Bool {
        guard case .event(let event) = item else { return false }
        return switch event {
        case .origin(let origin): origin.isFinal
        case .translation(let translation): translation.isFinal
        case .ttsReady(let tts): tts.text?.isEmpty == false
        default: false
        }
    }

    /// Today's journal of this token, or, when that one is another server's (two servers share
    /// the token today), one whose name says this server: `a3f9-2026-12-06-vas.example.org.jsonl`.
    public static func journalPath(_ path: String, server: String) -> String {
        guard let input = try? InputFile(path: path), let start = try? input.read() else { return path }
        let firstLine = String(decoding: start.prefix { $0 != 0x0A }, as: UTF8.self)
        guard let theirs = Journal.server(ofFirstLine: firstLine), !Journal.sameJournalServer(theirs, Endpoints.redacted(server)) else { return path }
        return String(path.dropLast(6)) + "-" + Journal.serverTag(server) + ".jsonl"
    }

    /// Call with the lock held.
    private func open(_ state: inout State) -> News {
        let path = Self.journalPath(JournalWriter.defaultPath(token: token, date: Date(), environment: ProcessInfo.processInfo.environment),
                                    server: server)
        do {
            let opened = try JournalWriter.openOwn(path, header: Journal.header(token: token, server: server, broadcast: state.broadcastID,
                                                                                         name: state.broadcastName, date: .now))
            state.writer = opened
            return .opened(path: opened.path)
        } catch {
            state.failed = "autosave is off: \(error)"
            return .failed("autosave is off: \(error). The transcript is kept in memory; use s or --save to keep it.")
        }
    }

    /// Writes what is queued and closes; the file's path if there is one.
    @discardableResult
    public func close() -> String? {
        let writer = state.withLock { $0.writer }
        writer?.close()
        return writer?.path
    }
}

import ArgumentParser
import BroadcastCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import BroadcastModel
import ViewerTUI

/// Watch a live broadcast (the default command).
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a live broadcast (the default: `vas-view TOKEN` is `vas-view watch TOKEN`)."
    )

    @Argument(help: ArgumentHelp("The broadcast: its share token (four characters, a-z and 0-9, e.g. a3f9), or its share link (https://HOST/broadcast/a3f9, also …/text?lang=en-US&tts=true), which gives the server, and the language and speech where it has them.",
                                 valueName: "token-or-link"))
    var token: String

    @OptionGroup(title: "Settings (also in config.toml; see vas-view config)") var settingsOptions: SettingsOptions

    @Option(help: "With --tts: also write everything spoken to this WAV file.", completion: .file(extensions: ["wav"]))
    var ttsWav: String?

    @Flag(help: "Print the transcript as plain lines (automatic when output is not a terminal).")
    var plain = false

    @OptionGroup var saving: SaveOptions

    @Option(name: .customLong("record-raw"), help: "Keep the exact bytes received in this file, for `vas-view replay`.", completion: .file())
    var recordRaw: String?

    @Option(help: "Read the broadcast's password from the first line of this file.", completion: .file())
    var passwordFile: String?

    @Flag(help: "Read the broadcast's password from standard input, one line per ask.")
    var passwordStdin = false

    @Flag(help: "Do not verify the server's TLS certificate (unsafe: only for a server you trust).")
    var insecure = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds without a byte before reconnecting.", visibility: .hidden))
    var silenceTimeout: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("First reconnection wait, in seconds.", visibility: .hidden))
    var backoffInitial: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Longest reconnection wait, in seconds.", visibility: .hidden))
    var backoffCap: Double?

    /// The argument as a share link, when it is one.
    var link: ShareLink? { ShareLink.looksLikeLink(token) ? try? ShareLink.parse(token).get() : nil }

    func validate() throws {
        if ShareLink.looksLikeLink(token) {
            if case .failure(let problem) = ShareLink.parse(token) {
                throw ValidationError("'\(TextSanitizer.clean(token))' \(problem).")
            }
        } else if token.contains("/broadcast/") {
            throw ValidationError("'\(TextSanitizer.clean(token))' looks like a share link without its scheme: give https://\(TextSanitizer.clean(token)) (or http:// for a plain-HTTP server).")
        } else if !VASAssumptions.isValidToken(token) {
            if let mistake = Typos.mistypedCommand([token]) { throw ValidationError(mistake) }
            if VASAssumptions.isValidToken(token.lowercased()) {
                // Tokens are lower case; one typed (or read aloud) in capitals is not another broadcast.
                throw ValidationError("'\(TextSanitizer.clean(token))' is not a broadcast token: tokens are lower case, give \(token.lowercased()).")
            }
            throw ValidationError("'\(TextSanitizer.clean(token))' is not a broadcast token: a token is four characters, a-z and 0-9, like a3f9 (or give the share link, https://HOST/broadcast/a3f9).")
        }
        if passwordFile != nil, passwordStdin {
            throw ValidationError("give the password one way: --password-file or --password-stdin, not both.")
        }
        if let passwordFile {
            // Said before the server is contacted, naming the file (not after a refusal).
            var isFolder = false
            guard FileManager.default.fileExists(atPath: passwordFile, isDirectory: &isFolder) else {
                throw ValidationError("cannot read the --password-file '\(TextSanitizer.clean(passwordFile))': there is no such file.")
            }
            guard !isFolder, FileManager.default.isReadableFile(atPath: passwordFile),
                  let data = FileManager.default.contents(atPath: passwordFile) else {
                throw ValidationError("cannot read the --password-file '\(TextSanitizer.clean(passwordFile))': \(isFolder ? "it is a folder" : "no permission to read it").")
            }
            guard !FilePassword.firstLine(data).isEmpty else {
                throw ValidationError("the --password-file '\(TextSanitizer.clean(passwordFile))' is empty: its first line is the password.")
            }
        }
        if let ttsWav, let problem = OutputPath.problem(ttsWav) ?? OutputPath.notA(wav: ttsWav) {
            throw ValidationError("cannot write the --tts-wav file '\(TextSanitizer.clean(ttsWav))': \(problem).")
        }
        if let recordRaw, let problem = OutputPath.problem(recordRaw) {
            throw ValidationError("cannot write the --record-raw file '\(TextSanitizer.clean(recordRaw))': \(problem).")
        }
        // Two outputs of one viewing that are one file would overwrite each other.
        let outputs = [("--save", saving.save), ("--record-raw", recordRaw), ("--tts-wav", ttsWav)].compactMap { name, path in path.map { (name, $0) } }
        for (index, first) in outputs.enumerated() {
            for second in outputs[(index + 1)...] where OutputPath.samePlace(first.1, second.1) {
                throw ValidationError("\(first.0) and \(second.0) name the same file '\(TextSanitizer.clean(first.1))': each needs a file of its own.")
            }
        }
        for (name, value) in [("--silence-timeout", silenceTimeout), ("--backoff-initial", backoffInitial), ("--backoff-cap", backoffCap)] {
            if let value, !(value > 0) { throw ValidationError("\(name) must be a positive number of seconds.") }
        }
    }

    func run() async throws {
        let settings = try Self.applying(link, to: settingsOptions.resolve())
        let token = link?.token ?? self.token
        if link == nil, let meant = Typos.suggestion(for: token) {
            // A token that looks like a command: watched, and said so before anything else.
            Diagnostics.warning(meant.hasPrefix("vas-view ") ? "taking '\(token)' as a broadcast token; if you meant \(meant), type that instead."
                                                              : "taking '\(token)' as a broadcast token; if you meant \(meant).")
        }
        let outputs = [("--save", saving.save), ("--record-raw", recordRaw), ("--tts-wav", ttsWav), ("the log file", settings.logFile.value)]
            .compactMap { name, path in path.map { (name, $0) } }
        if let path = settings.logFile.value {
            for (name, other) in outputs.dropLast() where OutputPath.samePlace(other, path) {
                throw UserFacingError(message: "the log file and \(name) name the same file '\(TextSanitizer.clean(path))': each needs a file of its own.",
                                      code: ExitStatus.usage)
            }
        }
        // Where today's autosave journal of this broadcast goes (it may not exist yet): no output may be it.
        if settings.autosave.value {
            let journal = Autosave.journalPath(JournalWriter.defaultPath(token: token, date: Date(), environment: ProcessInfo.processInfo.environment),
                                               server: settings.server.value)
            for (name, path) in outputs where ([journal] + (2...9).map { JournalWriter.numbered(journal, $0) }).contains(where: { OutputPath.samePlace(path, $0) }) {
                throw UserFacingError(message: "\(name) '\(TextSanitizer.clean(path))' is where the autosave journal of this broadcast goes today: give another file.",
                                      code: ExitStatus.usage)
            }
        }
        if let path = settings.logFile.value, let problem = OutputPath.logProblem(path) {
            throw UserFacingError(message: "cannot write the log file '\(TextSanitizer.clean(path))' (\(settings.logFile.source)): \(problem).",
                                  code: ExitStatus.usage)
        }
        Log.start(path: settings.logFile.value, verbosity: settingsOptions.verbose)
        defer { Log.resources() }
        Log.viewer.info("vas-view \(VasView.version) watching \(token)", metadata: ["server": "\(settings.server.value)", "tts": "\(settings.tts.value)"])
        let lang = settings.lang.value
        let tts = settings.tts.value
        if ttsWav != nil, !tts {
            throw UserFacingError(message: "--tts-wav keeps what is spoken, and speech is off: add --tts (or tts = true in config.toml).",
                                  code: ExitStatus.usage)
        }
        if case .success(let pasted) = ShareLink.parse(settings.server.value) {
            // A share link where the server's address goes: say which is which.
            throw UserFacingError(message: "the server (\(settings.server.source)) is a share link, \(TextSanitizer.clean(settings.server.value)): the server is \(pasted.server); give the link as the broadcast instead, vas-view \(TextSanitizer.clean(settings.server.value)).",
                                  code: ExitStatus.usage)
        }
        let endpoints: Endpoints
        do {
            endpoints = try Endpoints(server: settings.server.value, token: token, verifyPath: settings.verifyPath.value,
                                      verifyBody: settings.verifyBody.value)
        } catch {
            // Where the address came from (VAS_SERVER, config.toml's line, --server), not only what it is.
            throw UserFacingError(message: "\(error) (The server came from \(settings.server.source).)", code: ExitStatus.usage)
        }
        if insecure, endpoints.server.lowercased().hasPrefix("http://") {
            Diagnostics.info("--insecure does nothing for an http:// server: there is no certificate to check (and nothing is encrypted).")
        } else if insecure {
            Diagnostics.warning("--insecure: the server's TLS certificate is NOT verified; anyone on the way can read and change what you see.")
        }
        let recorder = try recordRaw.map { path in try RawRecorder(path: path) }
        defer {
            switch recorder?.close() {
            case .failed(let failure): Diagnostics.error("the --record-raw recording is incomplete: \(failure).")
            case .kept(let path): Diagnostics.info("the raw stream is kept in \(path) (vas-view replay plays it)")
            case .nothingReceived(let path):
                Diagnostics.info(FileManager.default.fileExists(atPath: path)
                    ? "nothing was received: \(path) left as it was" : "nothing was received: no raw recording was made")
            case nil: break
            }
        }
        // Said at the start, not found at the end: an existing file will be replaced.
        SaveTarget.sayWhatWillBeReplaced([saving.save].compactMap { $0 }, recording: recordRaw)

        var options = SessionOptions(language: lang, tts: tts)
        options.insecure = insecure
        options.userAgent = "vas-view/\(VasView.version)"
        if let silenceTimeout { options.timing.silenceTimeout = .seconds(silenceTimeout) }
        if let backoffInitial { options.timing.backoffInitial = .seconds(backoffInitial) }
        if let backoffCap { options.timing.backoffCap = .seconds(backoffCap) }
        let session = BroadcastSession(endpoints: endpoints, options: options,
                                       transport: CurlTransport(userAgent: options.userAgent),
                                       passwords: passwordSource(), recorder: recorder)
        let autosave = Autosave(token: token, server: endpoints.server, disabled: !settings.autosave.value)
        defer { autosave.close() }
        if wantsTerminal {
            // Read the broadcast's details first, so a wrong token or language is said before the screen clears.
            // A server slow to answer is not a blank terminal: after a second, said what is awaited.
            let server = endpoints.server
            let waiting = Task {
                try await Task.sleep(for: .seconds(1))
                Diagnostics.info("asking \(server) about broadcast \(token)… (up to \(Int(options.timing.requestTimeout.inSeconds)) s; Ctrl-C stops)")
            }
            let prepared = await session.prepare()
            waiting.cancel()
            if let outcome = prepared {
                throw UserFacingError(message: outcome.message, code: outcome.exitCode)
            }
            let info = await session.info
            var chosen = lang
            if let info { chosen = try checkLanguage(info, settings: settings) }
            if chosen != lang { await session.selectLanguage(chosen) }
            let app = TerminalApp(session: session, server: endpoints.server, token: token, language: chosen,
                                  details: info, saving: saving.target, autosave: autosave, theme: settings.colourTheme,
                                  speech: speechOptions(settings), speechOn: tts)
            app.layout = settings.layout.value
            app.panes = settings.panes.value
            app.notices = SaveTarget.replacementNotices([saving.save].compactMap { $0 }, recording: recordRaw)
            if try await app.runFullScreen() { return }
        }
        if !plain { TerminalCheck.sayWhyPlain() }
        if saving.save == nil, saving.format.format != nil || saving.format.shapesSomething {
            // Plain mode has no s key: without --save, these shape nothing.
            Diagnostics.info("--format, --subtitle-lang and --bilingual shape what --save writes; without --save, plain mode writes no file, so they do nothing here.")
        }
        let live = LivePlain(session: session, language: lang, saving: saving.target, autosave: autosave, token: token,
                             speech: tts ? speechOptions(settings) : nil)
        let code = await live.run(server: endpoints.server, checkLanguage: { info in try checkLanguage(info, settings: settings) })
        if code != 0 { throw ArgumentParser.ExitCode(code) }
    }

    /// A share link gives the server, and the language and speech where it has them; an option
    /// on the command line wins over the link's language and speech, and a `--server` that
    /// names another server is a mistake (the token belongs to the link's).
    static func applying(_ link: ShareLink?, to settings: Settings) throws -> Settings {
        guard let link else { return settings }
        var settings = settings
        if case .commandLine = settings.server.source, !sameServer(settings.server.value, link.server) {
            throw UserFacingError(message: "the share link is on \(link.server) and --server says \(TextSanitizer.clean(settings.server.value)): give one of them.",
                                  code: ExitStatus.usage)
        }
        settings.server = .init(link.server, .shareLink)
        if let language = link.language, !settings.lang.source.isCommandLine { settings.lang = .init(language, .shareLink) }
        if let tts = link.tts, !settings.tts.source.isCommandLine { settings.tts = .init(tts, .shareLink) }
        return settings
    }

    /// Two server addresses that reach the same place (letter case, default port, a trailing slash).
    static func sameServer(_ a: String, _ b: String) -> Bool {
        guard let first = WebAddress(a), let second = WebAddress(b) else { return a == b }
        func trimmed(_ path: String) -> String { path.hasSuffix("/") ? String(path.dropLast()) : path }
        return first.sameOrigin(as: second) && first.scheme == second.scheme && trimmed(first.path) == trimmed(second.path)
    }

    func speechOptions(_ settings: Settings) -> SpeechControl.Options {
        SpeechControl.Options(maxLag: settings.ttsMaxLag.value, drivers: settings.audioDriver.value,
                              device: settings.audioDevice.value, wavPath: ttsWav)
    }

    var wantsTerminal: Bool { !plain && TerminalCheck.canDrawFullScreen }

    /// `--lang` against the languages the broadcast offers; returns the tag to use.
    func checkLanguage(_ info: BroadcastInfo, settings: Settings) throws -> String? {
        if let subtitle = saving.format.subtitleLang, !info.translationLanguages.isEmpty,
           LanguageTag.bestMatch(for: subtitle, among: info.translationLanguages) == nil {
            throw UserFacingError(message: "--subtitle-lang \(TextSanitizer.clean(subtitle)): this broadcast has no such translation; it offers: \(info.translationLanguages.joined(separator: ", ")).",
                                  code: ExitStatus.usage)
        }
        guard let lang = settings.lang.value, !info.translationLanguages.isEmpty else { return settings.lang.value }
        guard let match = LanguageTag.bestMatch(for: lang, among: info.translationLanguages) else {
            throw UserFacingError(message: "\(SessionError.unknownLanguage(lang, offered: info.translationLanguages)) Choose one with --lang.",
                                  code: ExitStatus.usage)
        }
        // A language without speech is said by the viewer's update function, in both views.
        return match
    }

    private func passwordSource() -> any PasswordSource {
        if let passwordFile { return FilePassword(path: passwordFile) }
        if passwordStdin { return StandardInputPassword() }
        if let value = ProcessInfo.processInfo.environment["VAS_PASSWORD"], !value.isEmpty {
            return EnvironmentPassword(value: value)
        }
        return ViewerPassword()
    }
}

enum TerminalCheck {
    /// The full-screen viewer needs a terminal on both ends and a TERM that means something.
    static var canDrawFullScreen: Bool {
        whyPlain(stdinIsTerminal: isatty(0) == 1, stdoutIsTerminal: isatty(1) == 1,
                 term: ProcessInfo.processInfo.environment["TERM"]) == nil
    }

    /// Why there is no full screen, when a person is looking at the output and would expect one
    /// (said once, on standard error); nil when it can be drawn. Output to a pipe or a file is
    /// plain by design, and says nothing.
    static func whyPlain(stdinIsTerminal: Bool, stdoutIsTerminal: Bool, term: String?) -> String? {
        guard stdoutIsTerminal else { return "" }
        let term = term ?? ""
        if term.isEmpty || term == "dumb" {
            return CursesScreen.Failure.unknownTerminal(term.isEmpty ? "unset" : term).description
        }
        if !stdinIsTerminal {
            return "standard input is not a terminal, so keys cannot be read: printing plain lines (--plain says so without this note)."
        }
        return nil
    }

    /// Says why plain lines are printed where a person would expect the full screen, once.
    static func sayWhyPlain() {
        guard let why = whyPlain(stdinIsTerminal: isatty(0) == 1, stdoutIsTerminal: isatty(1) == 1,
                                 term: ProcessInfo.processInfo.environment["TERM"]), !why.isEmpty else { return }
        Diagnostics.warning(why)
    }
}

import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel
@testable import ViewerTUI
@testable import vas_view

@Suite struct SettingsTests {
    @Test func everyKeyIsReadWithItsLine() throws {
        var settings = Settings()
        try settings.apply(file: """
            # my settings
            server = "http://127.0.0.1:8080"
            lang = "ja-JP"
            tts = true
            tts_max_lag = 4.5
            audio_driver = "alsa"
            audio_device = "hw:1"
            layout = "side-by-side"
            panes = "translation"
            theme = "mono"
            autosave = false
            verify_path = "/v/{token}"
            'log_file' = "/tmp/v.log"
            """, path: "c.toml")
        #expect(settings.server == .init("http://127.0.0.1:8080", .file(path: "c.toml", line: 2)))
        #expect(settings.lang.value == "ja-JP")
        #expect(settings.tts == .init(true, .file(path: "c.toml", line: 4)))
        #expect(settings.ttsMaxLag.value == 4.5)
        #expect(settings.audioDriver.value == "alsa" && settings.audioDevice.value == "hw:1")
        #expect(settings.layout.value == .sideBySide && settings.panes.value == .translation && settings.theme.value == .mono)
        #expect(settings.autosave.value == false)
        #expect(settings.verifyPath.value == "/v/{token}")
        #expect(settings.logFile == .init("/tmp/v.log", .file(path: "c.toml", line: 13)))
        #expect(Settings().ttsMaxLag == .init(8, .builtIn))
    }

    @Test(arguments: [
        ("lang = \"en-US\"\ntts = \"yes\"\n", "c.toml, line 2: 'tts' must be true or false."),
        ("tts_max_lag = -3\n", "c.toml, line 1: 'tts_max_lag' must be a number of seconds, more than 0 and at most 600, like 8."),
        ("tts_max_lag = 0\n", "c.toml, line 1: 'tts_max_lag' must be a number of seconds, more than 0 and at most 600, like 8."),
        ("\nserver = \"ftp://x\"\n", "c.toml, line 2: 'server' must be an http:// or https:// address, like \"https://vas-poc.vurbo.ai\"."),
        ("layout = \"sideways\"\n", "c.toml, line 1: 'layout' must be one of \"auto\", \"side-by-side\", \"stacked\"."),
        ("\n\nlangg = \"en-US\"\n", "c.toml, line 3: there is no setting 'langg'"),
        ("lang = \"en-US\"\n[audio]\ndriver = \"alsa\"\n", "c.toml, line 2: there is no setting 'audio' (settings are plain keys, not [tables])"),
        ("lang = \"en-US\"\n\nbroken line\n", "c.toml, line 3: this is not valid TOML"),
        ("lang = \"unterminated\n", "c.toml, line 1: this is not valid TOML"),
    ])
    func mistakesNameTheLineAndWhatIsExpected(file: String, expected: String) {
        var settings = Settings()
        #expect {
            try settings.apply(file: file, path: "c.toml")
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    /// From a new user's try-out: a file that opens with a byte-order mark names its lines as
    /// any other (it said "line 0"); bytes that are not UTF-8 are refused, naming the line
    /// (they were read as "�" without a word); `~/` in log_file is the home folder.
    @Test func aByteOrderMarkInvalidUTF8AndATildeInTheLogPath() throws {
        var marked = Settings()
        try marked.apply(file: Array("\u{FEFF}lang = \"en-US\"\n".utf8), path: "c.toml", home: "/home/me")
        #expect(marked.lang == .init("en-US", .file(path: "c.toml", line: 1)))

        var broken = Settings()
        #expect {
            try broken.apply(file: Array("server = \"http://x\"\n".utf8) + Array("lang = \"".utf8) + [0xFF] + Array("\"\n".utf8), path: "c.toml", home: "/home/me")
        } throws: { error in
            "\(error)".hasPrefix("c.toml, line 2: this is not UTF-8 text")
        }

        var logged = Settings()
        try logged.apply(file: Array("log_file = \"~/logs/v.log\"\n".utf8), path: "c.toml", home: "/home/me")
        #expect(logged.logFile.value == "/home/me/logs/v.log")
        var elsewhere = Settings()
        try elsewhere.apply(file: Array("log_file = \"/var/log/~x.log\"\n".utf8), path: "c.toml", home: "/home/me")
        #expect(elsewhere.logFile.value == "/var/log/~x.log")
    }

    /// The sources line up in columns on screen, Chinese values included (they drifted a
    /// column per character).
    @Test func theReportLinesUpWithWideCharacters() throws {
        var settings = Settings()
        try settings.apply(file: "audio_device = \"預設\"\nlang = \"en-US\"\n", path: "c.toml")
        let lines = settings.report(file: "c.toml", found: true).split(separator: "\n").dropFirst()
        let columns = Set(lines.map { line in DisplayWidth.of(line[..<line.range(of: "# ")!.lowerBound]) })
        #expect(columns.count == 1)
    }

    @Test func theEnvironmentComesAfterTheFile() throws {
        var settings = Settings()
        try settings.apply(file: "server = \"http://file\"\n", path: "c.toml")
        settings.apply(environment: ["VAS_SERVER": "http://env", "NO_COLOR": "1"])
        #expect(settings.server == .init("http://env", .environment("VAS_SERVER")))
        #expect(settings.theme == .init(.mono, .environment("NO_COLOR")))
        var colourful = Settings()
        try colourful.apply(file: "theme = \"colour\"\n", path: "c.toml")
        colourful.apply(environment: ["NO_COLOR": "1"])
        #expect(colourful.theme.value == .colour)  // chosen in the file: NO_COLOR only changes "auto"
    }

    @Test func theReportShowsEveryKeyAndItsSource() throws {
        var settings = Settings()
        try settings.apply(file: "lang = \"en-US\"\n", path: "c.toml")
        let report = settings.report(file: "c.toml", found: true)
        #expect(ConfigKey.all.count == 13)
        for key in ConfigKey.all { #expect(report.contains("\n\(key.name) = ")) }
        #expect(report.contains("lang = \"en-US\""))
        #expect(report.contains("# c.toml, line 1"))
        #expect(report.contains("# built-in default"))
    }

    @Test func theFileLivesUnderXDGConfigHome() {
        #expect(Settings.defaultPath(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"]) == "/c/vas-view/config.toml")
        #expect(Settings.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/vas-view/config.toml")
    }
}

@Suite struct ConfigReportTests {
    @Test func theConfigReportSaysWhereTheLogGoes() {
        let report = Settings().report(file: "c.toml", found: false, defaultLog: "/home/me/.local/state/vas-view/vas-view.log")
        #expect(report.contains("log_file = \"/home/me/.local/state/vas-view/vas-view.log\""))
    }
}

/// A share link as the argument: what it gives, and what wins over it.
@Suite struct ShareLinkSettingsTests {
    let link = ShareLink(server: "https://vas.example", token: "a3f9", language: "ja-JP", tts: true)

    @Test func theLinkGivesServerLanguageAndSpeech() throws {
        var settings = Settings()
        try settings.apply(file: "server = \"https://configured.example\"\nlang = \"en-US\"\n", path: "c.toml")
        let applied = try WatchCommand.applying(link, to: settings)
        #expect(applied.server == .init("https://vas.example", .shareLink))
        #expect(applied.lang == .init("ja-JP", .shareLink))
        #expect(applied.tts == .init(true, .shareLink))
        #expect(try WatchCommand.applying(nil, to: settings) == settings)
    }

    @Test func optionsOnTheCommandLineWinOverTheLink() throws {
        var settings = Settings()
        settings.lang = .init("en-US", .commandLine("--lang"))
        settings.tts = .init(false, .commandLine("--no-tts"))
        let applied = try WatchCommand.applying(link, to: settings)
        #expect(applied.lang.value == "en-US")
        #expect(applied.tts.value == false)
    }

    @Test func anotherServerOnTheCommandLineIsAMistake() throws {
        var settings = Settings()
        settings.server = .init("https://other.example", .commandLine("--server"))
        #expect(throws: UserFacingError(message: "the share link is on https://vas.example and --server says https://other.example: give one of them.",
                                        code: ExitStatus.usage)) {
            try WatchCommand.applying(link, to: settings)
        }
        settings.server = .init("HTTPS://VAS.example:443/", .commandLine("--server"))
        #expect(try WatchCommand.applying(link, to: settings).server.value == "https://vas.example")
        // From the environment or the file, the link's server simply wins.
        settings.server = .init("https://other.example", .environment("VAS_SERVER"))
        #expect(try WatchCommand.applying(link, to: settings).server.value == "https://vas.example")
    }
}

/// A mistyped command is not a token: the nearest command is suggested.
@Suite struct TypoTests {
    @Test(arguments: [("exprot", "vas-view export"), ("wacth", "vas-view watch"), ("version", "vas-view --version"),
                      ("replya", "vas-view replay"), ("cnofig", "vas-view config"), ("EXPORT", "vas-view export"),
                      ("demo", "the demo broadcast (make demo in the source folder, or vas-sim with vas-view a3f9 --server, as the README shows)"), ("wach", "vas-view watch")])
    func aNearCommandIsSuggested(_ typed: String, _ meant: String) {
        #expect(Typos.suggestion(for: typed) == meant)
    }

    @Test(arguments: ["a3f9", "b7c2", "xyzzy", "exporting-all", "", "wa"])
    func farWordsSuggestNothing(_ typed: String) {
        #expect(Typos.suggestion(for: typed) == nil)
    }

    @Test func theDistanceCountsASwapOnce() {
        #expect(Typos.distance("exprot", "export") == 1)
        #expect(Typos.distance("export", "export") == 0)
        #expect(Typos.distance("", "abc") == 3)
        #expect(Typos.distance("kitten", "sitting") == 3)
        #expect(Typos.distance("ab", "ba") == 1)
    }

    /// Four letters: one edit at most ("conf" is not "config").
    @Test func shortWordsAllowOneEdit() {
        #expect(Typos.suggestion(for: "conf") == nil)
        #expect(Typos.suggestion(for: "helo") == "vas-view help")
    }
}

extension TypoTests {
    @Test func onlyTheFirstWordIsChecked() {
        #expect(Typos.mistypedCommand(["exprot", "x"]) == "'exprot' is not a command or a broadcast token: did you mean vas-view export?")
        #expect(Typos.mistypedCommand(["export", "exprot"]) == nil)  // a command: its own parser speaks
        #expect(Typos.mistypedCommand(["--lang", "version"]) == nil)
        #expect(Typos.mistypedCommand(["wach"]) == nil)  // a valid token: watched (and said so)
        #expect(Typos.mistypedCommand(["https://vas.test/broadcast/a3f9"]) == nil)
        #expect(Typos.mistypedCommand([]) == nil)
    }
}

extension TypoTests {
    /// The list follows the program: a new subcommand is suggested too.
    @Test func everySubcommandIsKnown() {
        let names = Set(VasView.configuration.subcommands.map { $0._commandName }).union(["help"])
        #expect(names == Typos.subcommands)
        #expect(Typos.subcommands.isSubset(of: Set(Typos.commands.map(\.word))))
    }
}

/// Plain lines where a person expects the full screen are explained, once; a pipe is not.
@Suite struct WhyPlainTests {
    @Test func aDumbOrMissingTerminalIsNamed() {
        #expect(TerminalCheck.whyPlain(stdinIsTerminal: true, stdoutIsTerminal: true, term: "dumb")
                == "this terminal (TERM=dumb) cannot show the full-screen viewer; printing plain lines.")
        #expect(TerminalCheck.whyPlain(stdinIsTerminal: true, stdoutIsTerminal: true, term: nil)
                == "this terminal (TERM=unset) cannot show the full-screen viewer; printing plain lines.")
    }

    @Test func keysThatCannotBeReadAreNamed() {
        #expect(TerminalCheck.whyPlain(stdinIsTerminal: false, stdoutIsTerminal: true, term: "xterm-256color")
                == "standard input is not a terminal, so keys cannot be read: printing plain lines (--plain says so without this note).")
    }

    @Test func aPipeOrAFullScreenSaysNothing() {
        #expect(TerminalCheck.whyPlain(stdinIsTerminal: true, stdoutIsTerminal: false, term: "dumb") == "")
        #expect(TerminalCheck.whyPlain(stdinIsTerminal: true, stdoutIsTerminal: true, term: "xterm-256color") == nil)
    }
}

extension TypoTests {
    /// `vas-view --verison` alone is not a watch without a token.
    @Test func aMistypedRootOptionIsNamed() {
        #expect(Typos.mistypedCommand(["--verison"]) == "unknown option '--verison': did you mean vas-view --version?")
        #expect(Typos.mistypedCommand(["-V"]) == "unknown option '-V': did you mean vas-view --version?")
        #expect(Typos.mistypedCommand(["--hlep"]) == "unknown option '--hlep': did you mean vas-view --help?")
        #expect(Typos.mistypedCommand(["--version"]) == nil)
        #expect(Typos.mistypedCommand(["--plain"]) == nil)
        #expect(Typos.mistypedCommand(["--verison", "a3f9"]) == nil)  // with a token: the parser says it
    }
}

extension TypoTests {
    /// `vas-view help exprot` names the command it is near, instead of the top help without a word.
    @Test func helpOfAMistypedCommandIsNamed() {
        #expect(Typos.mistypedCommand(["help", "exprot"]) == "there is no command 'exprot': did you mean vas-view help export?")
        #expect(Typos.mistypedCommand(["help", "export"]) == nil)
        #expect(Typos.mistypedCommand(["help", "demo"]) == nil)  // not a command of vas-view
    }
}

/// `s` in a replay names its file after the recording, without the recording's extension.
@Suite struct ReplayNameTests {
    @Test func theRecordingsNameLosesItsExtension() throws {
        #expect(try ReplayCommand.parse(["/talks/demo.sse"]).recordingName == "demo")
        #expect(try ReplayCommand.parse(["talk"]).recordingName == "talk")
        #expect(try ReplayCommand.parse([".hidden"]).recordingName == ".hidden")
    }
}

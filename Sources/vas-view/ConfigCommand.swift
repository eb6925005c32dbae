import ArgumentParser
import BroadcastCore
import FoundationEssentials
import BroadcastModel
import ViewerTUI

extension Settings.Layout: ExpressibleByArgument {}
extension Settings.Panes: ExpressibleByArgument {}
extension Settings.ThemeChoice: ExpressibleByArgument {}

/// The options that can also live in config.toml; the command line wins.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Read settings from this file instead of $XDG_CONFIG_HOME/vas-view/config.toml.", completion: .file(extensions: ["toml"]))
    var config: String?

    @Option(help: "The VAS server (default: $VAS_SERVER, else config.toml, else \(VASAssumptions.defaultServer)).")
    var server: String?

    @Option(help: "The translation language to show, e.g. en-US (default: the broadcast's first).")
    var lang: String?

    @Flag(inversion: .prefixedNo, help: "Spoken translation (tts_ready audio) in the chosen language.")
    var tts: Bool?

    @Option(parsing: .unconditional, help: "With --tts: the most speech allowed to wait, in seconds; older sentences are skipped to stay near live (default 8).")
    var ttsMaxLag: Double?

    @Option(help: "Audio output drivers to try, in order (libout123 names: pulse, alsa, jack, oss, ...; default pulse,alsa).")
    var audioDriver: String?

    @Option(help: "The audio device, e.g. an ALSA PCM name such as default, hw:1 or plughw:1,0 (default: the driver's).")
    var audioDevice: String?

    @Option(help: "Panes side by side, stacked, or auto (side by side from 100 columns).")
    var layout: Settings.Layout?

    @Option(help: "Which panes to show: both, original or translation.")
    var panes: Settings.Panes?

    @Option(help: "Colours: auto (unless NO_COLOR is set), colour, or mono (bold, dim and reverse only).")
    var theme: Settings.ThemeChoice?

    @Flag(help: "No colours: the same as --theme mono.")
    var noColor = false

    @Flag(inversion: .prefixedNo, help: "Keep the autosave journal, $XDG_STATE_HOME/vas-view/TOKEN-DATE.jsonl (default: on).")
    var autosave: Bool?

    @Option(help: "Write the log here instead of $XDG_STATE_HOME/vas-view/vas-view.log.", completion: .file())
    var logFile: String?

    @Flag(name: .shortAndLong, help: "More in the log: -v adds details, -vv every event.")
    var verbose: Int

    @Option(help: ArgumentHelp("Path of the password check on the server.", visibility: .hidden))
    var verifyPath: String?

    func validate() throws {
        if let ttsMaxLag, !SpeechQueue.isValidMaxLag(ttsMaxLag) {
            throw ValidationError("--tts-max-lag must be \(SpeechQueue.maxLagWords).")
        }
        if noColor, let theme, theme != .mono {
            throw ValidationError("--no-color and --theme \(theme.rawValue) disagree: give one of them.")
        }
        if let verifyPath, !VASAssumptions.isValidVerifyPath(verifyPath) {
            throw ValidationError("--verify-path must be \(VASAssumptions.verifyPathWords).")
        }
        if let audioDriver, audioDriver.trimmed.isEmpty {
            throw ValidationError("--audio-driver needs at least one driver name, like pulse,alsa.")
        }
    }

    /// The file read, and whether it exists.
    var file: (path: String, exists: Bool) {
        let path = config ?? Settings.defaultPath(environment: ProcessInfo.processInfo.environment)
        return (path, FileManager.default.fileExists(atPath: path))
    }

    /// Defaults, then the file, then the environment, then these options.
    func resolve() throws -> Settings {
        var settings = Settings()
        let (path, exists) = file
        if exists {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UserFacingError(message: "cannot read the configuration file '\(TextSanitizer.clean(path))'.", code: ExitStatus.usage)
            }
            do {
                try settings.apply(file: Array(data), path: path, home: ProcessInfo.processInfo.environment["HOME"])
            } catch {
                throw UserFacingError(message: "\(error) Fix it, or name another file with --config.", code: ExitStatus.usage)
            }
        } else if config != nil {
            throw UserFacingError(message: "there is no configuration file '\(TextSanitizer.clean(path))'.", code: ExitStatus.usage)
        }
        settings.apply(environment: ProcessInfo.processInfo.environment)
        func flag(_ name: String) -> Settings.Source { .commandLine(name) }
        if let server { settings.server = .init(server, flag("--server")) }
        if let lang { settings.lang = .init(lang, flag("--lang")) }
        if let tts { settings.tts = .init(tts, flag(tts ? "--tts" : "--no-tts")) }
        if let ttsMaxLag { settings.ttsMaxLag = .init(ttsMaxLag, flag("--tts-max-lag")) }
        if let audioDriver { settings.audioDriver = .init(audioDriver, flag("--audio-driver")) }
        if let audioDevice { settings.audioDevice = .init(audioDevice, flag("--audio-device")) }
        if let layout { settings.layout = .init(layout, flag("--layout")) }
        if let panes { settings.panes = .init(panes, flag("--panes")) }
        if let theme { settings.theme = .init(theme, flag("--theme")) }
        if noColor { settings.theme = .init(.mono, flag("--no-color")) }
        if let autosave { settings.autosave = .init(autosave, flag(autosave ? "--autosave" : "--no-autosave")) }
        if let logFile { settings.logFile = .init(logFile, flag("--log-file")) }
        if let verifyPath { settings.verifyPath = .init(verifyPath, flag("--verify-path")) }
        return settings
    }
}

extension Settings {
    var colourTheme: Theme { theme.value == .mono ? .monochrome : .colour }
}

/// `vas-view config`: the settings in effect, and where each came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the settings in effect and where each comes from (defaults, config.toml, environment, options).",
        discussion: """
            The file is $XDG_CONFIG_HOME/vas-view/config.toml (~/.config/vas-view/config.toml): TOML, one key per \
            setting, e.g.
              lang = "en-US"
              tts = true
              audio_driver = "alsa"
            Options given here are shown as they would apply: vas-view config --lang ja-JP

            The keys:
            """ + ConfigKey.all.map { "\n  \($0.name): \($0.help)" }.joined()
    )

    @OptionGroup var settings: SettingsOptions

    func run() throws {
        let resolved = try settings.resolve()
        let (path, exists) = settings.file
        let out = StandardOutput()
        out.write(piece: resolved.report(file: path, found: exists,
                                         defaultLog: LogFile.defaultPath(environment: ProcessInfo.processInfo.environment)))
        out.flush()
    }
}

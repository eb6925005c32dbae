import BroadcastCore
import BroadcastModel
import ViewerTUI

/// One key of `config.toml`: how the file's value is read, the environment variable that
/// may set it, and how `vas-view config` shows it. `ConfigKey.all` is the one table the file
/// parser, the environment and `vas-view config` are derived from; a new setting is a
/// property of `Settings`, a row here, and (if it has one) its command-line option.
struct ConfigKey {
    let name: String
    let help: String
    /// Sets the value from the file; returns what was expected when the value does not fit.
    let read: (inout Settings, TOMLValue, Settings.Source) -> String?
    let environment: String?
    let readEnvironment: (inout Settings, String, Settings.Source) -> Void
    /// The value as TOML (or a word for a default that has none), and where it came from.
    let show: (Settings, _ defaultLog: String?) -> (text: String, source: Settings.Source)

    /// A key whose value is read by `parse` (nil: not of the `expected` form).
    static func key<Value>(_ name: String, _ path: WritableKeyPath<Settings, Settings.Setting<Value>>, help: String, expected: String,
                           parse: @escaping (TOMLValue) -> Value?,
                           show: @escaping (Value, _ defaultLog: String?) -> String,
                           environment: (name: String, value: (String, Settings) -> Value?)? = nil) -> ConfigKey {
        ConfigKey(name: name, help: help,
                  read: { settings, value, source in
                      guard let parsed = parse(value) else { return expected }
                      settings[keyPath: path] = .init(parsed, source)
                      return nil
                  },
                  environment: environment?.name,
                  readEnvironment: { settings, text, source in
                      if let value = environment?.value(text, settings) { settings[keyPath: path] = .init(value, source) }
                  },
                  show: { settings, defaultLog in (show(settings[keyPath: path].value, defaultLog), settings[keyPath: path].source) })
    }

    static func text(_ name: String, _ path: WritableKeyPath<Settings, Settings.Setting<String>>, help: String,
                     expected: String = "a string in quotes", valid: @escaping (String) -> Bool = { _ in true },
                     environment: String? = nil) -> ConfigKey {
        key(name, path, help: help, expected: expected, parse: { $0.string.flatMap { valid($0) ? $0 : nil } }, show: { value, _ in quoted(value) },
            environment: environment.map { ($0, { text, _ in text }) })
    }

    static func optionalText(_ name: String, _ path: WritableKeyPath<Settings, Settings.Setting<String?>>, help: String,
                             unset: @escaping (_ defaultLog: String?) -> String) -> ConfigKey {
        key(name, path, help: help, expected: "a string in quotes", parse: { $0.string }, show: { value, log in value.map(quoted) ?? unset(log) })
    }

    static func flag(_ name: String, _ path: WritableKeyPath<Settings, Settings.Setting<Bool>>, help: String) -> ConfigKey {
        key(name, path, help: help, expected: "true or false", parse: { $0.bool }, show: { value, _ in String(value) })
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ path: WritableKeyPath<Settings, Settings.Setting<T>>, help: String,
                                                           environment: (name: String, value: (String, Settings) -> T?)? = nil) -> ConfigKey
    where T.RawValue == String {
        key(name, path, help: help, expected: "one of " + T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "),
            parse: { $0.string.flatMap(T.init(rawValue:)) }, show: { value, _ in quoted(value.rawValue) }, environment: environment)
    }

    /// A TOML string: in quotes, with `\` and `"` escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }

    /// Every key, in the order `vas-view config` shows them.
    static var all: [ConfigKey] {
        [
            text("server", \.server, help: "the VAS server, e.g. \"https://vas-poc.vurbo.ai\"",
                 expected: "an http:// or https:// address, like \"\(VASAssumptions.defaultServer)\"",
                 valid: { (try? Endpoints(server: $0, token: "a3f9")) != nil }, environment: "VAS_SERVER"),
            optionalText("lang", \.lang, help: "the translation language to show, e.g. \"en-US\"", unset: { _ in "(the broadcast's first)" }),
            flag("tts", \.tts, help: "spoken translation on start: true or false"),
            key("tts_max_lag", \.ttsMaxLag, help: "seconds of speech allowed to wait before older sentences are skipped, e.g. 8",
                expected: SpeechQueue.maxLagWords,
                parse: { value in (value.double ?? value.int.map(Double.init)).flatMap { SpeechQueue.isValidMaxLag($0) ? $0 : nil } },
                show: { value, _ in value == value.rounded() ? String(Int(value)) : String(value) }),
            text("audio_driver", \.audioDriver, help: "libout123 drivers to try, in order, e.g. \"pulse,alsa\""),
            optionalText("audio_device", \.audioDevice, help: "the audio device, e.g. \"default\" or \"hw:1\"", unset: { _ in "(the driver's default)" }),
            choice("layout", \.layout, help: "\"auto\", \"side-by-side\" or \"stacked\""),
            choice("panes", \.panes, help: "\"both\", \"original\" or \"translation\""),
            // NO_COLOR (any value) makes an automatic theme mono; a chosen one stays.
            choice("theme", \.theme, help: "\"auto\" (colour unless NO_COLOR), \"colour\" or \"mono\"",
                   environment: ("NO_COLOR", { _, settings in settings.theme.value == .auto ? .mono : nil })),
            flag("autosave", \.autosave, help: "keep the autosave journal: true or false"),
            text("verify_path", \.verifyPath, help: "the password check's path on the server, with {token} (default \"\(VASAssumptions.defaultVerifyPath)\")",
                 expected: VASAssumptions.verifyPathWords, valid: VASAssumptions.isValidVerifyPath),
            choice("verify_body", \.verifyBody,
                   help: "the password check's body: \"password\" ({\"password\": …}), \"pass_code\" ({\"pass_code\": …}) or \"form\" (password=…)"),
            optionalText("log_file", \.logFile, help: "where the log goes (default: $XDG_STATE_HOME/vas-view/vas-view.log)",
                         unset: { log in log.map(quoted) ?? "(the default)" }),
        ]
    }
}

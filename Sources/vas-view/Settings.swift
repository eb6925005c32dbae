import FoundationEssentials
import BroadcastCore
import BroadcastModel
import ViewerTUI

/// Everything a person may want to set once instead of typing it every time:
/// built-in defaults < `config.toml` < environment < command line. Each value
/// remembers where it came from, for `vas-view config`.
public struct Settings: Sendable, Equatable {
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case builtIn
        case file(path: String, line: Int)
        case environment(String)
        case commandLine(String)
        /// The share link given as the broadcast (`vas-view https://HOST/broadcast/a3f9`).
        case shareLink

        public var isCommandLine: Bool {
            if case .commandLine = self { return true }
            return false
        }

        public var description: String {
            switch self {
            case .builtIn: "built-in default"
            case .file(let path, let line): "\(path), line \(line)"
            case .environment(let name): "environment \(name)"
            case .commandLine(let option): "command line \(option)"
            case .shareLink: "the share link"
            }
        }
    }

    public struct Setting<Value: Sendable & Equatable>: Sendable, Equatable {
        public var value: Value
        public var source: Source
        public init(_ value: Value, _ source: Source = .builtIn) {
            self.value = value
            self.source = source
        }
    }

    public typealias Layout = ViewerUI.Layout
    public typealias Panes = ViewerUI.Panes
    public enum ThemeChoice: String, Sendable, Equatable, CaseIterable {
        case auto, colour, mono

        /// "color" is "colour" too: both spellings are common.
        public init?(rawValue: String) {
            switch rawValue {
            case "auto": self = .auto
            case "colour", "color": self = .colour
            case "mono": self = .mono
            default: return nil
            }
        }
    }

    public var server = Setting(VASAssumptions.defaultServer)
    public var lang = Setting<String?>(nil)
    public var tts = Setting(false)
    public var ttsMaxLag = Setting(SpeechQueue.defaultMaxLag)
    public var audioDriver = Setting(AudioDevice.defaultDrivers)
    public var audioDevice = Setting<String?>(nil)
    public var layout = Setting(Layout.auto)
    public var panes = Setting(Panes.both)
    public var theme = Setting(ThemeChoice.auto)
    public var autosave = Setting(true)
    public var verifyPath = Setting(VASAssumptions.defaultVerifyPath)
    public var verifyBody = Setting(VASAssumptions.VerifyBody.password)
    public var logFile = Setting<String?>(nil)

    public init() {}

    /// `$XDG_CONFIG_HOME/vas-view/config.toml` (`~/.config/vas-view/config.toml`).
    public static func defaultPath(environment: [String: String]) -> String {
        XDG.folder("XDG_CONFIG_HOME", fallback: ".config", environment: environment) + "/config.toml"
    }

    // MARK: - The file

    /// Reads `config.toml` as its bytes: TOML is UTF-8, so other bytes are a mistake named by
    /// its line (not read as "�"); a leading byte-order mark is allowed; `~/` at the start of a
    /// path setting is `home`.
    public mutating func apply(file bytes: [UInt8], path: String, home: String?) throws(ConfigError) {
        let bytes = bytes[...]  // a leading byte-order mark is the TOML reader's to skip
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var line = 1
            for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                if String(validating: raw, as: UTF8.self) == nil { break }
                line += 1
            }
            throw ConfigError(path: path, line: line, message: "this is not UTF-8 text (a TOML file must be); save it as UTF-8")
        }
        try apply(file: text, path: path)
        if let home, let log = logFile.value, log.hasPrefix("~/") {
            logFile.value = Paths.withoutTrailingSlash(home) + log.dropFirst()
        }
    }

    /// Reads `config.toml`. A mistake is an error naming the line and saying what is expected.
    public mutating func apply(file text: String, path: String) throws(ConfigError) {
        let document: TOML.Document
        do {
            document = try TOML.read(text)
        } catch {
            throw ConfigError(path: path, line: error.line, message: "this is not valid TOML: \(error.message) (column \(error.column))")
        }
        let keys = ConfigKey.all
        for (key, value) in document.table {
            let line = document.lines[key]
            guard let entry = keys.first(where: { $0.name == key }) else {
                let hint = value.table != nil ? " (settings are plain keys, not [tables])" : ""
                throw ConfigError(path: path, line: line,
                                  message: "there is no setting '\(TextSanitizer.clean(key))'\(hint); the settings are \(keys.map(\.name).joined(separator: ", "))")
            }
            if let expected = entry.read(&self, value, .file(path: path, line: line ?? 0)) {
                throw ConfigError(path: path, line: line, message: "'\(key)' must be \(expected)")
            }
        }
    }

    // MARK: - The environment

    /// The environment variables of the keys that have one (`VAS_SERVER`, `NO_COLOR`).
    public mutating func apply(environment: [String: String]) {
        for key in ConfigKey.all {
            guard let name = key.environment, let value = environment[name], !value.isEmpty else { continue }
            key.readEnvironment(&self, value, .environment(name))
        }
    }

    // MARK: - Showing it

    /// `vas-view config`: every setting, its value as TOML, and where it came from.
    /// `defaultLog` is where the log goes when `log_file` is not set.
    public func report(file: String, found: Bool, defaultLog: String? = nil) -> String {
        let rows = ConfigKey.all.map { key in (key.name, key.show(self, defaultLog)) }
        var out = "# configuration file: \(file)\(found ? "" : " (not present: built-in defaults)")\n"
        // Columns on screen, not characters: 例子 takes four.
        let width = rows.map { DisplayWidth.of("\($0.0) = \($0.1.text)") }.max() ?? 0
        for (key, shown) in rows {
            let left = "\(key) = \(shown.text)"
            out += left + String(repeating: " ", count: max(1, width - DisplayWidth.of(left) + 2)) + "# \(shown.source)\n"
        }
        return out
    }
}

/// A mistake in the configuration file: where, and what is expected.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public var description: String {
        "\(path)\(line.map { ", line \($0)" } ?? ""): \(message)."
    }
}

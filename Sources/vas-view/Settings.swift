import Foundation
import TOMLKit
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

        public var description: String {
            switch self {
            case .builtIn: "built-in default"
            case .file(let path, let line): "\(path), line \(line)"
            case .environment(let name): "environment \(name)"
            case .commandLine(let option): "command line \(option)"
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
    public enum ThemeChoice: String, Sendable, Equatable, CaseIterable { case auto, colour, mono }

    public var server = Setting(VASAssumptions.defaultServer)
    public var lang = Setting<String?>(nil)
    public var tts = Setting(false)
    public var ttsMaxLag = Setting(8.0)
    public var audioDriver = Setting(AudioDevice.defaultDrivers)
    public var audioDevice = Setting<String?>(nil)
    public var layout = Setting(Layout.auto)
    public var panes = Setting(Panes.both)
    public var theme = Setting(ThemeChoice.auto)
    public var autosave = Setting(true)
    public var verifyPath = Setting(VASAssumptions.defaultVerifyPath)
    public var logFile = Setting<String?>(nil)

    public init() {}

    /// The keys of `config.toml`, in the order `vas-view config` shows them, with one line of help each.
    public static let keys: [(name: String, help: String)] = [
        ("server", "the VAS server, e.g. \"https://vas-poc.vurbo.ai\""),
        ("lang", "the translation language to show, e.g. \"en-US\""),
        ("tts", "spoken translation on start: true or false"),
        ("tts_max_lag", "seconds of speech allowed to wait before older sentences are skipped, e.g. 8"),
        ("audio_driver", "libout123 drivers to try, in order, e.g. \"pulse,alsa\""),
        ("audio_device", "the audio device, e.g. \"default\" or \"hw:1\""),
        ("layout", "\"auto\", \"side-by-side\" or \"stacked\""),
        ("panes", "\"both\", \"original\" or \"translation\""),
        ("theme", "\"auto\" (colour unless NO_COLOR), \"colour\" or \"mono\""),
        ("autosave", "keep the autosave journal: true or false"),
        ("verify_path", "the password check's path on the server, with {token}"),
        ("log_file", "where the log goes (default: $XDG_STATE_HOME/vas-view/vas-view.log)"),
    ]

    /// `$XDG_CONFIG_HOME/vas-view/config.toml` (`~/.config/vas-view/config.toml`).
    public static func defaultPath(environment: [String: String]) -> String {
        XDG.folder("XDG_CONFIG_HOME", fallback: ".config", environment: environment) + "/config.toml"
    }

    // MARK: - The file

    /// Reads `config.toml`. A mistake is an error naming the line and saying what is expected.
    public mutating func apply(file text: String, path: String) throws(ConfigError) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(path: path, line: error.source.begin.line,
                              message: "this is not valid TOML: \(error.description) (column \(error.source.begin.column))")
        } catch {
            throw ConfigError(path: path, line: nil, message: "this is not valid TOML: \(error)")
        }
        let known = Set(Self.keys.map(\.name))
        for (key, value) in table {
            let line = Self.line(of: key, in: text)
            let source = Source.file(path: path, line: line ?? 0)
            func fail(_ expected: String) -> ConfigError {
                ConfigError(path: path, line: line, message: "'\(key)' must be \(expected)")
            }
            guard known.contains(key) else {
                let hint = value.table != nil ? " (settings are plain keys, not [tables])" : ""
                throw ConfigError(path: path, line: line,
                                  message: "there is no setting '\(TextSanitizer.clean(key))'\(hint); the settings are \(Self.keys.map(\.name).joined(separator: ", "))")
            }
            func string() throws(ConfigError) -> String {
                guard let string = value.string else { throw fail("a string in quotes") }
                return string
            }
            func flag() throws(ConfigError) -> Bool {
                guard let bool = value.bool else { throw fail("true or false") }
                return bool
            }
            func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws(ConfigError) -> T where T.RawValue == String {
                guard let string = value.string, let choice = T(rawValue: string) else {
                    throw fail("one of " + T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
                }
                return choice
            }
            switch key {
            case "server":
                let value = try string()
                guard (try? Endpoints(server: value, token: "a3f9")) != nil else {
                    throw fail("an http:// or https:// address, like \"\(VASAssumptions.defaultServer)\"")
                }
                server = Setting(value, source)
            case "lang": lang = Setting(try string(), source)
            case "tts": tts = Setting(try flag(), source)
            case "tts_max_lag":
                guard let number = value.double ?? value.int.map(Double.init), number > 0, number <= 600 else {
                    throw fail("a number of seconds, more than 0 and at most 600, like 8")
                }
                ttsMaxLag = Setting(number, source)
            case "audio_driver": audioDriver = Setting(try string(), source)
            case "audio_device": audioDevice = Setting(try string(), source)
            case "layout": layout = Setting(try choice(Layout.self), source)
            case "panes": panes = Setting(try choice(Panes.self), source)
            case "theme": theme = Setting(try choice(ThemeChoice.self), source)
            case "autosave": autosave = Setting(try flag(), source)
            case "verify_path": verifyPath = Setting(try string(), source)
            case "log_file": logFile = Setting(try string(), source)
            default: break
            }
        }
    }

    /// The line where `key` is set (TOML tables give no positions for keys; the text does).
    static func line(of key: String, in text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("[\(key)]") || trimmed.hasPrefix("[\(key).") { return index + 1 }
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where trimmed.hasPrefix(spelling) {
                if trimmed.dropFirst(spelling.count).drop(while: { $0 == " " || $0 == "\t" }).first == "=" { return index + 1 }
            }
        }
        return nil
    }

    // MARK: - The environment

    public mutating func apply(environment: [String: String]) {
        if let value = environment["VAS_SERVER"], !value.isEmpty { server = Setting(value, .environment("VAS_SERVER")) }
        if let value = environment["NO_COLOR"], !value.isEmpty, theme.value == .auto {
            theme = Setting(.mono, .environment("NO_COLOR"))
        }
    }

    // MARK: - Showing it

    /// `vas-view config`: every setting, its value as TOML, and where it came from.
    /// `defaultLog` is where the log goes when `log_file` is not set.
    public func report(file: String, found: Bool, defaultLog: String? = nil) -> String {
        func quoted(_ s: String?) -> String { s.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" } ?? "(none)" }
        let rows: [(String, String, Source)] = [
            ("server", quoted(server.value), server.source),
            ("lang", lang.value.map { quoted($0) } ?? "(the broadcast's first)", lang.source),
            ("tts", String(tts.value), tts.source),
            ("tts_max_lag", ttsMaxLag.value == ttsMaxLag.value.rounded() ? String(Int(ttsMaxLag.value)) : String(ttsMaxLag.value), ttsMaxLag.source),
            ("audio_driver", quoted(audioDriver.value), audioDriver.source),
            ("audio_device", audioDevice.value.map { quoted($0) } ?? "(the driver's default)", audioDevice.source),
            ("layout", quoted(layout.value.rawValue), layout.source),
            ("panes", quoted(panes.value.rawValue), panes.source),
            ("theme", quoted(theme.value.rawValue), theme.source),
            ("autosave", String(autosave.value), autosave.source),
            ("verify_path", quoted(verifyPath.value), verifyPath.source),
            ("log_file", logFile.value.map { quoted($0) } ?? defaultLog.map { quoted($0) } ?? "(the default)", logFile.source),
        ]
        var out = "# configuration file: \(file)\(found ? "" : " (not present: built-in defaults)")\n"
        let width = rows.map { $0.0.count + 3 + $0.1.count }.max() ?? 0
        for (key, value, source) in rows {
            let left = "\(key) = \(value)"
            out += left + String(repeating: " ", count: max(1, width - left.count + 2)) + "# \(source)\n"
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

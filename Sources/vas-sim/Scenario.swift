import Foundation

/// A broadcast script: what the broadcast is, then what happens when.
///
/// JSON lines. The first line describes the broadcast:
///     {"broadcast": {"name": "...", "translation_languages": ["en-US"], "tts_languages": ["en-US"],
///                    "transcription_language": "zh-TW", "recognition_mode": "single", "phase": "standby",
///                    "password": null, "max_viewers": 100}}
/// Then one line per moment, `at` in seconds from the start (scaled by --speed):
///     {"at": 1.5, "event": "origin", "data": {...}}           an event, as the document defines it
///     {"at": 9, "control": "drop"}                             close every stream
///     {"at": 9, "control": "drop-mid-event"}                   send half an event, then close
///     {"at": 9, "control": "stall", "seconds": 60}             send nothing at all for a while
///     {"at": 9, "control": "raw", "text": "event: x\n..."}     bytes exactly as given (or "base64": ...)
///     {"at": 9, "control": "giant-line", "bytes": 20000000}   one event with a line that long
///     {"at": 9, "control": "password", "password": "new"}      change it (sends pass_code_changed)
///     {"at": 9, "control": "access", "password": "pw"|null}    password-protect or open (access_type_changed)
///     {"at": 9, "control": "phantoms", "active": 3, "queued": 2}  other viewers holding or waiting for places
struct Scenario: Sendable {
    var meta: Meta
    var lines: [Line]

    struct Meta: Sendable {
        var name = "vas-sim broadcast"
        var transcriptionLanguage = "zh-TW"
        var translationLanguages = ["en-US", "ja-JP"]
        var ttsLanguages = ["en-US"]
        var recognitionMode = "single"
        var phase = "live"
        var password: String?
        var maxViewers = 100
        /// No script: a host drives it over the WebSocket API (`--scenario live`).
        var hostDriven = false
    }

    struct Line: Sendable {
        var at: Double
        var action: Action
    }

    enum Action: Sendable {
        case event(String, data: String)
        case drop
        case dropMidEvent
        case stall(seconds: Double)
        case raw([UInt8])
        case password(String)
        case access(password: String?)
        case phantoms(active: Int, queued: Int)
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "scenario line \(line): \(message)" }
    }

    static func parse(_ text: String) throws -> Scenario {
        var scenario = Scenario(meta: Meta(), lines: [])
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("//") { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw ParseError(line: index + 1, message: "not a JSON object")
            }
            if let broadcast = object["broadcast"] as? [String: Any] {
                scenario.meta = meta(broadcast)
                continue
            }
            guard let at = (object["at"] as? NSNumber)?.doubleValue else {
                throw ParseError(line: index + 1, message: "needs \"at\" (seconds)")
            }
            scenario.lines.append(Line(at: at, action: try action(object, line: index + 1)))
        }
        scenario.lines.sort { $0.at < $1.at }
        return scenario
    }

    private static func meta(_ b: [String: Any]) -> Meta {
        var meta = Meta()
        meta.name = b["name"] as? String ?? meta.name
        meta.transcriptionLanguage = b["transcription_language"] as? String ?? meta.transcriptionLanguage
        meta.translationLanguages = b["translation_languages"] as? [String] ?? meta.translationLanguages
        meta.ttsLanguages = b["tts_languages"] as? [String] ?? meta.ttsLanguages
        meta.recognitionMode = b["recognition_mode"] as? String ?? meta.recognitionMode
        meta.phase = b["phase"] as? String ?? meta.phase
        meta.password = b["password"] as? String
        meta.maxViewers = (b["max_viewers"] as? NSNumber)?.intValue ?? meta.maxViewers
        meta.hostDriven = b["host_driven"] as? Bool ?? meta.hostDriven
        return meta
    }

    private static func action(_ object: [String: Any], line: Int) throws -> Action {
        if let event = object["event"] as? String {
            let data: String
            if let text = object["data_text"] as? String {
                data = text
            } else if let value = object["data"] {
                let json = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
                data = String(decoding: json, as: UTF8.self)
            } else {
                data = ""
            }
            return .event(event, data: data)
        }
        switch object["control"] as? String {
        case "drop": return .drop
        case "drop-mid-event": return .dropMidEvent
        case "stall": return .stall(seconds: (object["seconds"] as? NSNumber)?.doubleValue ?? 60)
        case "raw":
            if let encoded = object["base64"] as? String {
                guard let bytes = Data(base64Encoded: encoded) else { throw ParseError(line: line, message: "raw base64 is not base64") }
                return .raw(Array(bytes))
            }
            return .raw(Array((object["text"] as? String ?? "").utf8))
        case "giant-line":
            // One event whose data line is this many bytes: "data: AAAA...\n\n".
            let size = (object["bytes"] as? NSNumber)?.intValue ?? 20_000_000
            return .raw(Array("event: origin\ndata: ".utf8) + [UInt8](repeating: 0x41, count: size) + Array("\n\n".utf8))
        case "password":
            guard let password = object["password"] as? String else { throw ParseError(line: line, message: "password needs \"password\"") }
            return .password(password)
        case "access": return .access(password: object["password"] as? String)
        case "phantoms":
            return .phantoms(active: (object["active"] as? NSNumber)?.intValue ?? 0,
                             queued: (object["queued"] as? NSNumber)?.intValue ?? 0)
        default:
            throw ParseError(line: line, message: "needs \"event\" or a known \"control\"")
        }
    }
}

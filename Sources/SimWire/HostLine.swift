import Foundation

/// One typed line as a host message (seed 000's envelope).
public struct HostLine {
    public enum Outcome: Equatable, Sendable { case send(String), note(String), quit, nothing }

    public let token: String
    var speaker = "Guest-1"
    var label: String?

    public static let help = """
        Each line typed: a sentence, spoken by the current speaker, with its translations after |, e.g.
          大家好，歡迎。 | en-US: Hello and welcome. | ja-JP: ようこそ。
        or an action:
          /start zh-TW en-US ja-JP [--multi] [--tts en-US,ja-JP]
                                               start the session: spoken language, translations, speech
          /standby TEXT [| en-US: …]           the standby message     /live      go live
          /announce TEXT [| en-US: …]          an announcement         /pause, /resume, /stop
          /chat TEXT                           a chat message to the notification service's subscribers
          /speaker ID [LABEL]                  who speaks the next sentences
          /rename ID LABEL   /reassign SID ID   /merge FROM INTO     speakers
          /ping   /audio (a frame of silence)   /help   /quit
        A line that starts with { is sent as it is (JSON).
        """

    public init(token: String) {
        self.token = token
    }

    public mutating func message(for line: String) -> Outcome {
        let line = line.trimmingCharacters(in: .whitespaces)
        if line.isEmpty { return .nothing }
        if line.hasPrefix("{") { return .send(line) }
        if line.hasPrefix("[") { return .note("only a line that starts with { is sent as JSON (a message is an object)") }
        guard line.hasPrefix("/") else {
            let (text, translations) = Self.split(line)
            if let problem = Self.problem(text, line) { return .note(problem) }
            var data: [String: Any] = ["action": "sim_transcript", "text": text, "speaker_id": speaker, "translations": translations]
            if let label { data["speaker_label"] = label }
            return .send(Self.envelope("voice-translation", data))
        }
        let words = line.dropFirst().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let rest = words.dropFirst().joined(separator: " ")
        switch words.first ?? "" {
        case "help": return .note("the commands:\n" + Self.help)
        case "ping": return .send(Self.envelope("health", ["action": "ping"]))
        case "quit": return .quit
        case "start":
            var arguments = Array(words.dropFirst())
            var speech: [String] = []
            if let at = arguments.firstIndex(of: "--tts") {
                guard at + 1 < arguments.count, !arguments[at + 1].hasPrefix("--") else {
                    return .note("/start zh-TW en-US --tts en-US: the languages to speak after --tts, with commas")
                }
                speech = arguments[at + 1].split(separator: ",").map(String.init)
                arguments.removeSubrange(at...(at + 1))
            }
            // Languages by spaces or commas, as after --tts.
            let languages = arguments.filter { !$0.hasPrefix("--") }.flatMap { $0.split(separator: ",").map(String.init) }
            guard let spoken = languages.first else { return .note("/start zh-TW en-US ja-JP: the spoken language first") }
            var data: [String: Any] = ["type": "broadcast", "broadcast_token": token, "transcription_languages": [spoken],
                                       "translation_languages": Array(languages.dropFirst()),
                                       "recognition_mode": arguments.contains("--multi") ? "multi_speaker" : "single"]
            if !speech.isEmpty { data["tts_config"] = ["languages": speech] }
            return action("start", data)
        case "standby", "announce":
            guard !rest.isEmpty else { return .note("/\(words[0]) TEXT [| en-US: translation | …]") }
            let (text, translations) = Self.split(rest)
            if let problem = Self.problem(text, rest) { return .note(problem) }
            var data: [String: Any] = ["message": text]
            if !translations.isEmpty { data["translations"] = translations }
            return action(words[0] == "standby" ? "set_standby_message" : "broadcast_announcement", data)
        case "live": return action("broadcast_go_live", [:])
        case "chat":
            guard !rest.isEmpty else { return .note("/chat TEXT") }
            return action("sim_chat", ["content": rest])
        case "pause", "resume", "stop": return action(words[0], [:])
        case "speaker":
            guard words.count > 1 else { return .note("/speaker ID [LABEL]") }
            let named = words.count > 2 ? words.dropFirst(2).joined(separator: " ") : nil
            if let named, named.count > 100 || named.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                return .note("a speaker's label is at most 100 characters, without control characters (as /rename's)")
            }
            speaker = words[1]
            label = named
            return .note("speaker \(speaker)\(label.map { " (\($0))" } ?? "")")
        case "rename":
            guard words.count > 2 else { return .note("/rename ID LABEL") }
            return action("rename_speaker", ["speaker_id": words[1], "new_label": words.dropFirst(2).joined(separator: " ")])
        case "reassign":
            guard words.count == 3, let sid = Int(words[1]) else { return .note("/reassign SID ID") }
            return action("reassign_speaker", ["sid": sid, "new_speaker_id": words[2]])
        case "merge":
            guard words.count == 3 else { return .note("/merge FROM INTO") }
            return action("merge_speakers", ["source_speaker_id": words[1], "target_speaker_id": words[2]])
        case "audio":
            return action("audio", ["audio": Data(count: 3200).base64EncodedString()])
        default:
            return .note("unknown command '\(line)'; the commands are:\n" + Self.help)
        }
    }

    private func action(_ name: String, _ fields: [String: Any]) -> Outcome {
        .send(Self.envelope("voice-translation", fields.merging(["action": name]) { $1 }))
    }

    /// What is wrong with a `text | LANG: translation` line, said instead of sending part of it.
    public static func problem(_ text: String, _ line: String) -> String? {
        if text.isEmpty { return "nothing to send before the first |: the original text comes first (text | en-US: translation)" }
        var seen: Set<String> = []
        for part in line.split(separator: "|", omittingEmptySubsequences: false).dropFirst() {
            let part = part.trimmingCharacters(in: .whitespaces)
            guard let colon = part.firstIndex(of: ":"), !part[..<colon].trimmingCharacters(in: .whitespaces).isEmpty,
                  !part[..<colon].contains(" ") else {
                return "'\(part)' is not a translation: write LANG: text (en-US: Hello), nothing was sent"
            }
            let language = part[..<colon].trimmingCharacters(in: .whitespaces)
            guard seen.insert(language).inserted else { return "\(language) is given twice: one translation a language, nothing was sent" }
        }
        return nil
    }

    /// `text | en-US: translated | ja-JP: …`
    public static func split(_ line: String) -> (String, [String: String]) {
        let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var translations: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let colon = part.firstIndex(of: ":") else { continue }
            translations[String(part[..<colon]).trimmingCharacters(in: .whitespaces)] = String(part[part.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return (parts.first ?? "", translations)
    }

    public static func envelope(_ type: String, _ data: [String: Any]) -> String {
        Wire.text(["type": type, "data": data])
    }
}

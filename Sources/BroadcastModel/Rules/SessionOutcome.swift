/// How a session ended, for the front end's last words and exit code.
public enum SessionOutcome: Equatable, Sendable {
    /// The broadcast ended (`ended` event, or 410 `broadcast_session_ended`).
    case ended(String?)
    /// The host removed this viewer (`kicked`).
    case kicked(String?)
    /// The token names no broadcast (404), or it was revoked (410).
    case unavailable(String)
    /// No password, or three wrong ones.
    case authenticationFailed(String)
    /// The user quit.
    case stopped
    /// Anything else that retrying cannot fix (a fatal error event, a TLS failure, an unexpected refusal).
    case failed(String)
}

public enum SessionError: Error, Equatable, Sendable, CustomStringConvertible {
    case badServer(String)
    case unknownLanguage(String, offered: [String])

    public var description: String {
        switch self {
        case .badServer(let server):
            "'\(TextSanitizer.clean(server))' is not a server address: give one like https://vas-poc.vurbo.ai."
        case .unknownLanguage(let language, let offered):
            "this broadcast has no '\(TextSanitizer.clean(language))' translation; it offers: \(offered.joined(separator: ", "))."
        }
    }
}

extension SessionOutcome {
    /// How the broadcast ended for this viewer, as one sentence without a full stop:
    /// "the broadcast has ended", with the server's own words only when they add something
    /// ("Broadcast has ended" does not). `capitalized` starts it with a capital (the screen).
    public func sentence(capitalized: Bool = false) -> String {
        let words: String = switch self {
        case .ended(let message): Self.joined("the broadcast has ended", message)
        case .kicked(let message): Self.joined("the host removed you from this broadcast", message)
        case .unavailable(let message), .authenticationFailed(let message), .failed(let message):
            String(message.reversed().drop { $0 == "." }.reversed())
        case .stopped: "stopped"
        }
        guard capitalized, let first = words.first else { return words }
        return first.uppercased() + words.dropFirst()
    }

    /// The base sentence, and the server's message if it says more than the sentence does.
    static func joined(_ base: String, _ message: String?) -> String {
        guard let message, !message.isEmpty else { return base }
        func letters(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
        let said = letters(message)
        if said.isEmpty || letters(base).contains(said) { return base }
        return "\(base) (\(message))"
    }
}

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
        case .badServer(let server) where !server.contains("://") && !server.isEmpty && !server.contains(" "):
            // A host without its scheme (`127.0.0.1:8790`, `vas.example.org`): say how to write it.
            "'\(TextSanitizer.clean(server))' is not a server address: give it with its scheme, https://\(TextSanitizer.clean(server)) (or http://\(TextSanitizer.clean(server)) for a plain-HTTP server)."
        case .badServer(let server):
            "'\(TextSanitizer.clean(server))' is not a server address: give one like https://vas-poc.vurbo.ai."
        case .unknownLanguage(let language, let offered):
            "this broadcast has no '\(TextSanitizer.clean(language))' translation; it offers: \(offered.joined(separator: ", "))."
        }
    }
}

extension SessionOutcome {
    /// How the broadcast ends for this viewer at `event`, if it does: `ended`, `kicked`, or an
    /// `error` that ends it or is fatal. The one rule for the live stream, replays and export:
    /// nothing after such an event is read.
    public init?(endingAt event: BroadcastEvent) {
        switch event {
        case .ended(let message): self = .ended(message)
        case .kicked(let message): self = .kicked(message)
        case .error(let error):
            switch VASAssumptions.classify(error) {
            case .ended: self = .ended(error.message)
            case .fatal where VASAssumptions.broadcastGoneCodes.contains(error.code): self = .unavailable(error.message ?? error.code)
            case .fatal: self = .failed("the server reported a fatal error: \(error.code)\(error.message.map { " (\($0))" } ?? "")")
            case .sentence, .translationOutage, .notice: return nil
            }
        default:
            return nil
        }
    }

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
        return capitalized ? words.capitalizedSentence : words
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

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

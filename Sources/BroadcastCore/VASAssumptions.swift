/// Where the VAS documents are silent, what vas-view assumes — all in one
/// place (see docs/api-assumptions.md and ../shared/docs/api-gaps.md).
/// Tests pin every value here, so a change is always deliberate.
public enum VASAssumptions {
    /// The server every example of the documents uses.
    public static let defaultServer = "https://vas-poc.vurbo.ai"
    /// SSE stream: `GET /broadcast/{token}/text`.
    public static let streamPathPrefix = "/broadcast/"
    public static let streamPathSuffix = "/text"
    /// Broadcast info: `GET /api/v1/viewer/broadcasts/{token}`.
    public static let infoPathPrefix = "/api/v1/viewer/broadcasts/"
    /// Password check (shape not public; overridable by config key `verify_path`).
    public static let defaultVerifyPath = "/api/v1/viewer/broadcasts/{token}/verify"

    /// The server's heartbeat interval, and how long silence may last before the
    /// connection counts as dead (three missed heartbeats).
    public static let heartbeatInterval: Duration = .seconds(15)
    public static let silenceTimeout: Duration = .seconds(45)

    /// Reconnection backoff: about 1 s, doubling, capped at 30 s, with jitter.
    public static let backoffInitial: Duration = .seconds(1)
    public static let backoffCap: Duration = .seconds(30)
    /// After a 429 from the password check with no `Retry-After`.
    public static let passwordRetryDefault: Duration = .seconds(30)
    public static let passwordAttempts = 3

    /// Share tokens: four characters of a-z0-9.
    public static func isValidToken(_ token: String) -> Bool {
        token.utf8.count == 4 && token.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }

    /// What an `error` event means for the viewer.
    public enum ErrorClass: Equatable, Sendable {
        /// Carries a `sid`: marks one sentence's translation as failed.
        case sentence
        /// `translation_service_unavailable`: a global notice; the stream goes on.
        case translationOutage
        /// The broadcast is over (`broadcast_session_ended`).
        case ended
        /// Nothing more will come (`severity: fatal`, revoked, not found).
        case fatal
        /// Anything else: show it, keep going.
        case notice
    }

    public static func classify(_ error: ServerError) -> ErrorClass {
        if error.sid != nil { return .sentence }
        switch error.code {
        case "translation_service_unavailable": return .translationOutage
        case "broadcast_session_ended": return .ended
        case "broadcast_token_revoked", "broadcast_session_not_found": return .fatal
        default: return error.severity == .fatal ? .fatal : .notice
        }
    }
}

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
    /// A connection this quiet (a heartbeat more than 5 s late) is shown as such: "no data for 21 s".
    public static let quietNotice: Duration = .seconds(20)

    /// The sentences missing between two received ones across a reconnection: seed 001 numbers
    /// sentences one by one (`sid`), so every id between them was a sentence said meanwhile.
    /// Only a hole across a reconnection counts (`Segment.gaps`): the document does not promise
    /// consecutive ids within one connection. Nil when nothing is missing.
    public static func missedSentences(after before: Int, before after: Int) -> ClosedRange<Int>? {
        after > before + 1 ? (before + 1)...(after - 1) : nil
    }

    /// Reconnection backoff: about 1 s, doubling, capped at 30 s, with jitter.
    public static let backoffInitial: Duration = .seconds(1)
    public static let backoffCap: Duration = .seconds(30)
    /// A server that has never answered (connection refused, no such host, no route) is
    /// given up on after this many tries or this long, whichever comes first: a mistyped
    /// address must not look like a dropped connection forever.
    public static let unreachableAttempts = 4
    public static let unreachableDeadline: Duration = .seconds(30)
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

    /// Error codes saying the broadcast is gone for good (revoked, or no such session).
    public static let broadcastGoneCodes: Set<String> = ["broadcast_token_revoked", "broadcast_session_not_found"]

    public static func classify(_ error: ServerError) -> ErrorClass {
        if error.sid != nil { return .sentence }
        switch error.code {
        case "translation_service_unavailable": return .translationOutage
        case "broadcast_session_ended": return .ended
        case _ where broadcastGoneCodes.contains(error.code): return .fatal
        default: return error.severity == .fatal ? .fatal : .notice
        }
    }

    // MARK: - Answers to the stream request

    /// What a response to the stream request means for the session.
    public enum StreamAnswer: Equatable, Sendable {
        /// 200 with `text/event-stream`: read it.
        case stream
        /// Try again after a while (the wait is chosen by the backoff, or `after` if the server said).
        case retry(Wait, after: Duration?)
        /// A password (or a new one) is needed before the stream.
        case password
        /// Nothing will change by retrying.
        case terminal(Terminal)
    }

    /// Why the viewer is waiting: each kind has its own words on screen.
    public enum Wait: Equatable, Sendable {
        case notStarted, full, serverTrouble, notAStream, network, tooManyAttempts
        /// The server has never answered (refused, no such host): the detail names it.
        case unreachable
    }

    public enum Terminal: Equatable, Sendable {
        case notFound, ended, revoked, refused
        /// A 3xx: redirects are not followed (the API has none, and following one to another
        /// host would carry the password or the access token there).
        case redirected
    }

    public static func classify(status: Int, errorCode: String?, contentType: String?, retryAfter: Duration?) -> StreamAnswer {
        switch (status, errorCode) {
        case (200..<300, _):
            let type = (contentType ?? "").lowercased()
            return type.hasPrefix("text/event-stream") ? .stream : .retry(.notAStream, after: retryAfter)
        case (_, "broadcast_password_required"), (_, "broadcast_password_invalid"), (401, _):
            return .password
        case (_, "broadcast_session_not_started"):
            return .retry(.notStarted, after: retryAfter)
        case (_, "broadcast_capacity_exceeded"), (503, _):
            return .retry(errorCode == nil ? .serverTrouble : .full, after: retryAfter)
        case (_, "broadcast_session_not_found"):
            return .terminal(.notFound)
        case (_, "broadcast_session_ended"):
            return .terminal(.ended)
        case (_, "broadcast_token_revoked"):
            return .terminal(.revoked)
        case (404, _):
            return .terminal(.notFound)
        case (410, _):
            return .terminal(.ended)
        case (403, _):
            return .password
        case (408, _), (425, _), (429, _), (500..<600, _):
            return .retry(.serverTrouble, after: retryAfter)
        case (300..<400, _):
            return .terminal(.redirected)
        default:
            return .terminal(.refused)
        }
    }

    /// The wait before retry number `attempt` (0 first): 1 s doubling to 30 s,
    /// "equal jitter" (half fixed, half random) so that many viewers dropped at
    /// once do not come back at once. `floor` (the SSE `retry:` field or
    /// `Retry-After`) is honoured as a minimum.
    public static func backoff(attempt: Int, initial: Duration = backoffInitial, cap: Duration = backoffCap,
                               floor: Duration? = nil, random: Double) -> Duration {
        let exponent = min(max(attempt, 0), 30)
        var base = initial * Double(1 << min(exponent, 20))
        if base > cap { base = cap }
        let jittered = base * (0.5 + 0.5 * min(max(random, 0), 1))
        return max(jittered, floor ?? .zero)
    }

    /// `Retry-After`: seconds, or an HTTP date; capped at 10 minutes.
    public static func retryAfter(_ value: String?, now: Double) -> Duration? {
        guard let value = value?.trimmingCharacters(in: " \t"), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(min(seconds, 600)) }
        guard let date = UTCTime(httpDate: value) else { return nil }
        return .seconds(min(max(date.secondsSince1970 - now, 0), 600))
    }

    // MARK: - Spoken translation

    /// A `tts_ready` without `duration_ms`: its length for the lag cap, from the
    /// MP3's size at 32 kbit/s (typical for speech); the real length is known only
    /// once decoded, when it is already its turn.
    public static func estimatedSpeechMs(base64Count: Int) -> Int {
        let bytes = base64Count / 4 * 3
        return bytes / 4  // 32 kbit/s = 4 bytes per millisecond
    }
}

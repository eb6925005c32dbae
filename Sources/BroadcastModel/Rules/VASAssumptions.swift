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

    /// A `verify_path` the viewer can use: a path on the server (never another host: the password
    /// goes there), with `{token}` once, without spaces, query, fragment or dot segments.
    public static func isValidVerifyPath(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path.ranges(of: "{token}").count == 1 else { return false }
        guard !path.contains(where: { $0 == " " || $0 == "?" || $0 == "#" || $0 == "\\" || $0.isWhitespace }) else { return false }
        return !path.split(separator: "/").contains { $0 == "." || $0 == ".." }
    }

    /// What `isValidVerifyPath` asks, as the words after "must be".
    public static let verifyPathWords = "a path on the server with {token} once, like \"\(defaultVerifyPath)\" (no host: the server comes from server; no spaces, ?, #, . or ..)"

    /// The password check's request body (shape not public; config key `verify_body`).
    public enum VerifyBody: String, CaseIterable, Sendable {
        /// `{"password": "…"}` as JSON: the guess of ../shared/docs/api-gaps.md.
        case password
        /// `{"pass_code": "…"}` as JSON: the name the stream's `pass_code_changed` event uses.
        case passCode = "pass_code"
        /// `password=…` as an HTML form would send it.
        case form

        /// The body's content type and its bytes.
        public func encode(_ secret: String) -> (contentType: String, body: String) {
            switch self {
            case .password: ("application/json", JSONText.object([("password", JSONText.quote(secret))]))
            case .passCode: ("application/json", JSONText.object([("pass_code", JSONText.quote(secret))]))
            case .form: ("application/x-www-form-urlencoded", "password=" + Endpoints.percentEncode(secret))
            }
        }
    }

    /// What the password check's answer means.
    public enum VerifyAnswer: Equatable, Sendable {
        /// 2xx: the body carries the access token.
        case granted
        /// 401/403, or another 4xx with a VAS error code: the password was wrong.
        case wrongPassword
        /// 429: wait (`Retry-After`), then the same password again.
        case tooMany
        /// A VAS error code saying the broadcast is not there (or no longer).
        case terminal(Terminal)
        /// 404/405 without a VAS error body: there is no check at this path (`verify_path`).
        case noCheckHere
        /// Another 4xx without a VAS error body: the check did not understand the request (`verify_body`?).
        case notUnderstood
        /// 5xx and the rest: try again later with the same password.
        case trouble
    }

    public static func classifyVerify(status: Int, errorCode: String?) -> VerifyAnswer {
        let vasCode = errorCode.flatMap { isVASErrorCode($0) ? $0 : nil }
        switch status {
        case 200..<300: return .granted
        case 429: return .tooMany
        case 400..<500:
            switch vasCode {
            case "broadcast_session_not_found": return .terminal(.notFound)
            case "broadcast_session_ended": return .terminal(.ended)
            case "broadcast_token_revoked": return .terminal(.revoked)
            case "broadcast_session_not_started": return .trouble
            case .some: return .wrongPassword
            case nil: break
            }
            if status == 401 || status == 403 { return .wrongPassword }
            return status == 404 || status == 405 ? .noCheckHere : .notUnderstood
        default: return .trouble
        }
    }

    /// What the broadcast-details answer means. The stream is the contract; the details are a help.
    public enum DetailsAnswer: Equatable, Sendable {
        /// 2xx: the details.
        case read
        /// A VAS error code saying the broadcast cannot be watched (no such broadcast, ended, revoked).
        case terminal(Terminal)
        /// A VAS error code the stream will say again (not started, full, a password): go on.
        case later
        /// No VAS error code (a 404 page, a proxy's answer): this server has no such endpoint;
        /// the log says so and the stream is tried.
        case notVAS
    }

    public static func classifyDetails(status: Int, errorCode: String?) -> DetailsAnswer {
        if (200..<300).contains(status) { return .read }
        guard let code = errorCode, isVASErrorCode(code) else { return .notVAS }
        if case .terminal(let terminal) = classify(status: status, errorCode: code, contentType: nil, retryAfter: nil),
           terminal != .refused {
            return .terminal(terminal)
        }
        return .later
    }

    /// A VAS error code: the `error_code` of the documents' error bodies is lower-case
    /// snake_case (`broadcast_session_not_found`, `unauthorized`). A web server that is not
    /// VAS sends HTML, or JSON without one; only such a code means the server said something
    /// about the broadcast (a wrong token, a wrong password).
    public static func isVASErrorCode(_ code: String) -> Bool {
        guard let first = code.utf8.first, (0x61...0x7A).contains(first), code.utf8.count <= 64 else { return false }
        return code.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// An https handshake that got no answer: how long the same port is given to answer plain
    /// HTTP instead (then the address is said to be a plain-HTTP server's).
    public static let plainHTTPProbeTimeout: Duration = .seconds(3)

    /// Same-origin redirects followed in a row before giving up (RedirectRule).
    public static let maxRedirects = 5
    /// A stream request answered with something else than an event stream (an HTML login page,
    /// JSON) this many times in a row, before any stream opened, is given up on, naming what came.
    public static let notAStreamAttempts = 3

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
        /// A 3xx: followed only to the same origin (RedirectRule); any other is refused, since
        /// following it would carry the password or the access token to another server.
        case redirected
        /// A refusal without a VAS error code from a server that has never shown itself to be
        /// VAS (no details read, no VAS error body, no stream): not a VAS server, or not at this address.
        case notVAS
    }

    /// `serverIsVAS`: the server has already answered as VAS does (its details were read, an
    /// error body carried a VAS code, or a stream opened). Until then a 403, 404 or 410 without
    /// a VAS error code says nothing about the token: the address is probably not a VAS server.
    public static func classify(status: Int, errorCode: String?, contentType: String?, retryAfter: Duration?,
                                serverIsVAS: Bool = true) -> StreamAnswer {
        let errorCode = errorCode.flatMap { isVASErrorCode($0) ? $0 : nil }
        if !serverIsVAS, errorCode == nil, [403, 404, 410].contains(status) {
            return .terminal(.notVAS)
        }
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

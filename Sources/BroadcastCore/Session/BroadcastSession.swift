import FoundationEssentials
import BroadcastModel

/// One viewer's connection to one broadcast, kept alive through everything a
/// live broadcast does: passwords, queues, pauses, drops, host changes.
///
/// The front end runs `run()` in a task (cancelling that task quits) and reads
/// `updates`; it keeps the transcript, so a reconnect or a language switch never
/// loses what was said.
public actor BroadcastSession {
    public nonisolated let updates: AsyncStream<SessionUpdate>
    /// Items handed on and not yet taken: reading waits while the front end is this far behind.
    public nonisolated let flow = FlowGate(limit: 4_096)

    /// The front end has taken an update (applied it): reading goes on if it waited for that.
    public nonisolated func taken(_ update: SessionUpdate) {
        if case .items(let items) = update { flow.taken(items.count) }
    }
    private let continuation: AsyncStream<SessionUpdate>.Continuation

    private let endpoints: Endpoints
    private var options: SessionOptions
    private let transport: any HTTPTransport
    private let passwords: any PasswordSource
    private let recorder: (any RawSink)?
    private let random: @Sendable () -> Double

    public private(set) var info: BroadcastInfo?
    private var infoRead = false
    private var accessToken: String?
    /// The access token has not yet opened a stream.
    private var tokenIsFresh = false
    private var decoder = EventStreamDecoder()
    private var connection: Task<ConnectionEnd, Never>?
    private var restartRequested = false
    /// The languages the last `connected` event offered.
    private var offeredLanguages: [String] = []
    /// The connection being read asked for speech without a language (none was known yet).
    private var speechWithoutLanguage = false
    /// The server has answered at least once (any HTTP status): from then on, drops are retried forever.
    private var serverAnswered = false
    /// A stream has been opened: the viewer has watched this broadcast.
    private var watched = false
    /// Tries that reached no server at all, and when the first of them failed.
    private var unreachable = 0
    private var firstUnreachable: ContinuousClock.Instant?

    public init(endpoints: Endpoints, options: SessionOptions, transport: any HTTPTransport,
                passwords: any PasswordSource, recorder: (any RawSink)? = nil,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        (updates, continuation) = AsyncStream.makeStream(of: SessionUpdate.self)
        self.endpoints = endpoints
        self.options = options
        self.transport = transport
        self.passwords = passwords
        self.recorder = recorder
        self.random = random
    }

    private var timing: SessionTiming { options.timing }

    /// The stream filters by language only when speech is on (speech needs it: only viewers
    /// subscribed to a language receive its `tts_ready`); otherwise every language comes,
    /// and switching is instant.
    private var subscribedLanguage: String? { options.tts ? options.language : nil }

    /// With speech on and no language chosen, the language shown is the broadcast's first:
    /// speech is asked for in it (and the front end told), so that it is what is spoken.
    private func chooseSpeechLanguage() {
        guard options.tts, options.language == nil,
              let first = info?.translationLanguages.first ?? offeredLanguages.first else { return }
        options.language = first
        continuation.yield(.languageSelected(first))
    }

    // MARK: - Front-end operations

    /// Reads the broadcast's details once (the front end checks `--lang` against them).
    /// Returns an outcome only when the broadcast cannot be watched at all.
    public func prepare() async -> SessionOutcome? {
        guard !infoRead else { return nil }
        infoRead = true
        return await readInfo()
    }

    /// Shows another translation language. Without speech that is instant; with
    /// speech the stream reconnects with the new `lang`.
    public func selectLanguage(_ language: String?) {
        options.language = language
        continuation.yield(.languageSelected(language))
        if options.tts, let connection {
            restartRequested = true
            connection.cancel()
        }
    }

    /// Spoken translation on or off: the stream reconnects (from the last event id, so
    /// nothing is lost) asking for `tts_ready` in the language shown, or no longer.
    public func setSpeech(_ on: Bool) {
        guard options.tts != on else { return }
        options.tts = on
        continuation.yield(.speech(on: on, reason: nil))
        if let connection {
            restartRequested = true
            connection.cancel()
        }
    }

    /// A `connected` event, as the connection reads it (the actor is free meanwhile: it
    /// only waits for the connection). True when the connection must be opened again.
    func sawConnected(_ connected: Connected) -> Bool {
        if !connected.availableLanguages.isEmpty { offeredLanguages = connected.availableLanguages }
        if options.tts, let speech = connected.ttsLanguages, speech.isEmpty {
            // Said once: speech is off from here on, and asked for no more.
            options.tts = false
            continuation.yield(.speech(on: false, reason: Broadcast.SpeechAvailability.none.problem))
            return false
        }
        if speechWithoutLanguage, options.language == nil {
            chooseSpeechLanguage()
            return options.language != nil
        }
        return false
    }

    /// Runs until the broadcast ends for this viewer; cancel the calling task to quit.
    public func run() async -> SessionOutcome {
        let outcome = await loop()
        continuation.yield(.finished(outcome))
        continuation.finish()
        return outcome
    }

    // MARK: - The loop

    private func loop() async -> SessionOutcome {
        var attempt = 0
        var needInfo = !infoRead
        while !Task.isCancelled {
            if needInfo {
                needInfo = false
                infoRead = true
                if let outcome = await readInfo() { return outcome }
            }
            if info?.requiresPassword == true, accessToken == nil {
                if let outcome = await authenticate(.required) { return outcome }
            }
            let end = await connect()
            if Task.isCancelled { return .stopped }
            switch end {
            case .finished(let outcome):
                return outcome
            case .restart:
                continue
            case .rereadInfo:
                attempt = 0
                needInfo = true
            case .passwordChanged:
                accessToken = nil
                if let outcome = await authenticate(.changed) { return outcome }
            case .refused(let head, let body):
                let error = APIErrorBody.decode(body)
                let retryAfter = VASAssumptions.retryAfter(head.headers["retry-after"], now: Date().timeIntervalSince1970)
                switch VASAssumptions.classify(status: head.status, errorCode: error.code,
                                               contentType: head.contentType, retryAfter: retryAfter) {
                case .stream:
                    continue
                case .password:
                    // A token the server refuses right after granting it will not get better.
                    if accessToken != nil, tokenIsFresh {
                        return .failed("the server refused the access token it had just granted (HTTP \(head.status)).")
                    }
                    let hadToken = accessToken != nil
                    accessToken = nil
                    if let outcome = await authenticate(hadToken ? .changed : .required) { return outcome }
                case .terminal(.ended) where watched:
                    // It ended while this viewer was away (reconnecting, typing a new password): an ending, not a failure.
                    return .ended(error.message)
                case .terminal(let terminal):
                    return Self.outcome(terminal, error: error, status: head.status, token: endpoints.token,
                                        location: head.headers["location"])
                case .retry(let wait, let after):
                    let detail = Self.describe(wait, error: error, status: head.status, contentType: head.contentType)
                    if await !pause(attempt: attempt, floor: after, wait: wait, detail: detail) { return .stopped }
                    attempt += 1
                }
            case .dropped(let reason, let delivered):
                if delivered { attempt = 0 }
                if let outcome = giveUpIfUnreachable(reason) { return outcome }
                let floor = decoder.parser.reconnectionTime.map { Duration.milliseconds($0) }
                let (wait, detail) = serverAnswered ? (VASAssumptions.Wait.network, reason) : (.unreachable, "\(endpoints.server) (\(reason))")
                if await !pause(attempt: attempt, floor: floor, wait: wait, detail: detail) { return .stopped }
                attempt += 1
            }
        }
        return .stopped
    }

    /// A server that has never answered (refused, no such host, no route) is tried a few
    /// times, then given up on with one sentence; once it has answered, drops are retried forever.
    private func giveUpIfUnreachable(_ reason: String) -> SessionOutcome? {
        guard !serverAnswered else { return nil }
        unreachable += 1
        let first = firstUnreachable ?? .now
        firstUnreachable = first
        guard unreachable >= VASAssumptions.unreachableAttempts || ContinuousClock.now - first >= VASAssumptions.unreachableDeadline
        else { return nil }
        return .failed("cannot reach \(endpoints.server): \(reason). Check the address (--server) and your network.")
    }

    /// Waits before the next try, telling the front end. False when cancelled.
    private func pause(attempt: Int, floor: Duration?, wait: VASAssumptions.Wait, detail: String) async -> Bool {
        let delay = VASAssumptions.backoff(attempt: attempt, initial: timing.backoffInitial, cap: timing.backoffCap,
                                           floor: floor, random: random())
        continuation.yield(.waiting(wait, retryIn: delay, detail: detail))
        do {
            try await Task.sleep(for: delay)
            return true
        } catch {
            return false
        }
    }

    // MARK: - Broadcast info

    /// A small JSON request to the REST API (GET, or POST of `body`).
    private func fetchJSON(_ url: String, posting body: String? = nil) async throws -> HTTPResponse {
        var headers = [HTTPHeader("Accept", "application/json")]
        if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        var request = HTTPRequest(url: url, method: body == nil ? "GET" : "POST", headers: headers,
                                  body: body.map { Array($0.utf8) })
        request.connectTimeout = timing.connectTimeout
        request.totalTimeout = timing.requestTimeout
        request.insecure = options.insecure
        return try await transport.fetch(request)
    }

    private func readInfo() async -> SessionOutcome? {
        let response: HTTPResponse
        do {
            response = try await fetchJSON(endpoints.info)
        } catch is CancellationError {
            return .stopped
        } catch let error as TransportError {
            if case .tls = error { return .failed(error.description + "; use --insecure only if you trust this server.") }
            if let outcome = giveUpIfUnreachable(error.description) { return outcome }
            continuation.yield(.notice("could not read the broadcast's details (\(error)); trying the stream anyway"))
            return nil
        } catch {
            return nil
        }
        serverAnswered = true
        switch response.head.status {
        case 200..<300:
            do {
                let decoded = try BroadcastInfo.decode(response.body)
                info = decoded
                continuation.yield(.info(decoded))
            } catch {
                continuation.yield(.notice("the broadcast's details could not be read (\(error)); going on without them"))
            }
        case 404, 410:
            // The same reading as the stream's answer: only a terminal one ends it here.
            let error = APIErrorBody.decode(response.body)
            guard case .terminal(let terminal) = VASAssumptions.classify(status: response.head.status, errorCode: error.code,
                                                                         contentType: nil, retryAfter: nil) else { return nil }
            return Self.outcome(terminal, error: error, status: response.head.status, token: endpoints.token)
        default:
            continuation.yield(.notice("the broadcast's details are unavailable (HTTP \(response.head.status)); trying the stream anyway"))
        }
        return nil
    }

    // MARK: - Password

    /// Asks for the password and exchanges it for an access token. Nil when it worked.
    private func authenticate(_ first: PasswordReason) async -> SessionOutcome? {
        var reason = first
        var attemptsLeft = VASAssumptions.passwordAttempts
        var pending: String?
        var trouble = 0
        while attemptsLeft > 0 {
            if Task.isCancelled { return .stopped }
            let password: String
            if let pending {
                password = pending
            } else {
                guard let asked = await ask(reason) else {
                    if Task.isCancelled { return .stopped }
                    return .authenticationFailed("this broadcast needs a password: type it when asked, or give it with --password-file FILE, --password-stdin or VAS_PASSWORD.")
                }
                password = asked
            }
            pending = nil
            Redaction.register(password)
            let response: HTTPResponse
            do {
                response = try await fetchJSON(endpoints.verify, posting: JSONText.object([("password", JSONText.quote(password))]))
            } catch is CancellationError {
                return .stopped
            } catch {
                pending = password
                let detail = "could not check the password (\(error))"
                if await !pause(attempt: trouble, floor: nil, wait: .network, detail: detail) { return .stopped }
                trouble += 1
                continue
            }
            switch response.head.status {
            case 200..<300:
                guard let grant = AccessGrant.decode(response.body) else {
                    return .failed("the server accepted the password but sent no viewer_access_token.")
                }
                Redaction.register(grant.token)
                accessToken = grant.token
                tokenIsFresh = true
                return nil
            case 429:
                pending = password
                let after = VASAssumptions.retryAfter(response.head.headers["retry-after"], now: Date().timeIntervalSince1970)
                    ?? timing.passwordRetryDefault
                continuation.yield(.waiting(.tooManyAttempts, retryIn: after, detail: "too many password attempts"))
                do { try await Task.sleep(for: after) } catch { return .stopped }
            case 404:
                return Self.outcome(.notFound, error: APIErrorBody.decode(response.body), status: 404, token: endpoints.token)
            case 400..<500:
                attemptsLeft -= 1
                // A fixed password is not tried again, so there are no "tries left" to count.
                guard passwords.canAskAgain else {
                    if reason == .changed {
                        // It was accepted before: say what happened, not that it was wrong.
                        return .authenticationFailed("the host changed the broadcast's password, so \(passwords.name) no longer opens it: give the new one.")
                    }
                    return .authenticationFailed("\(passwords.name) was not accepted by the broadcast.")
                }
                // A prompt says it itself ("Wrong password (2 tries left)").
                if !passwords.asksThroughFrontEnd, attemptsLeft > 0 {
                    continuation.yield(.passwordRejected(attemptsLeft: attemptsLeft))
                }
                reason = .rejected(attemptsLeft: attemptsLeft)
            default:
                pending = password
                let detail = "the password check failed (HTTP \(response.head.status))"
                if await !pause(attempt: trouble, floor: nil, wait: .serverTrouble, detail: detail) { return .stopped }
                trouble += 1
            }
        }
        return .authenticationFailed("the password was wrong \(VASAssumptions.passwordAttempts) times.")
    }

    /// The password for this try: from the source, or from the person through the front end.
    private func ask(_ reason: PasswordReason) async -> String? {
        guard passwords.asksThroughFrontEnd else { return await passwords.password(reason) }
        let prompt = PasswordPrompt(reason: reason, broadcast: endpoints.token)
        continuation.yield(.passwordPrompt(prompt))
        return await prompt.wait()
    }

    // MARK: - One connection

    enum ConnectionEnd: Sendable {
        case finished(SessionOutcome)
        case refused(HTTPHead, [UInt8])
        case dropped(String, delivered: Bool)
        case rereadInfo
        case passwordChanged
        case restart
        var isFinished: Bool {
            if case .finished = self { return true }
            return false
        }
    }

    private func connect() async -> ConnectionEnd {
        chooseSpeechLanguage()
        speechWithoutLanguage = options.tts && options.language == nil
        let url = endpoints.stream(language: subscribedLanguage, tts: options.tts, accessToken: accessToken)
        continuation.yield(.connecting(Endpoints.redacted(url)))
        var headers = [HTTPHeader("Accept", "text/event-stream"), HTTPHeader("Cache-Control", "no-cache")]
        if !decoder.parser.lastEventID.isEmpty { headers.append(HTTPHeader("Last-Event-ID", decoder.parser.lastEventID)) }
        var request = HTTPRequest(url: url, headers: headers)
        request.connectTimeout = timing.connectTimeout
        request.idleTimeout = timing.silenceTimeout
        request.insecure = options.insecure
        let stream = transport.stream(request)
        let reader = ConnectionReader(decoder: decoder, updates: continuation, flow: flow, recorder: recorder) { [weak self] connected in
            await self?.sawConnected(connected) ?? false
        }
        restartRequested = false
        let task = Task { await reader.read(stream) }
        connection = task
        let end = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        connection = nil
        decoder = reader.decoderAfter
        if reader.answered { serverAnswered = true }
        if reader.opened {
            tokenIsFresh = false
            watched = true
        }
        recorder?.connectionEnded()
        // The next connection may not bring what was said meanwhile: the model measures the gap.
        if reader.opened, !end.isFinished {
            flow.handedOn(1)
            continuation.yield(.items([.reconnected]))
        }
        if restartRequested {
            restartRequested = false
            return .restart
        }
        return end
    }

    // MARK: - Words

    static func outcome(_ terminal: VASAssumptions.Terminal, error: APIErrorBody, status: Int, token: String,
                        location: String? = nil) -> SessionOutcome {
        let detail = error.message.map { " (\($0))" } ?? ""
        switch terminal {
        case .notFound:
            return .unavailable("there is no broadcast '\(token)'\(detail): check the token.")
        case .ended:
            return .unavailable("broadcast '\(token)' has ended\(detail).")
        case .revoked:
            return .unavailable("broadcast '\(token)' is no longer available: its link was revoked\(detail).")
        case .refused:
            return .failed("the server refused the stream: HTTP \(status)\(error.code.map { " \($0)" } ?? "")\(detail).")
        case .redirected:
            let target = location.map { " to \(TextSanitizer.clean(Endpoints.redacted($0)))" } ?? ""
            return .failed("the server redirected the stream\(target) (HTTP \(status)); vas-view does not follow redirects, so the password and access token go nowhere else. If the broadcast has moved, give its address with --server.")
        }
    }

    static func describe(_ wait: VASAssumptions.Wait, error: APIErrorBody, status: Int, contentType: String?) -> String {
        switch wait {
        case .notStarted: "the broadcast has not started yet"
        case .full: "the broadcast is full; waiting for a place"
        case .notAStream: "the server answered with \(contentType ?? "no content type"), not an event stream"
        case .tooManyAttempts: "too many password attempts"
        case .serverTrouble, .network, .unreachable: "the server answered HTTP \(status)\(error.message.map { ": \($0)" } ?? "")"
        }
    }
}


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
    /// The server has answered as VAS does: its details were read, an error body carried a VAS
    /// code, or a stream opened. Until then, a refusal without a VAS code means "not a VAS server".
    private var serverIsVAS = false
    /// Stream requests answered in a row with something else than an event stream.
    private var notAStream = 0
    /// The http → https upgrade has been said (it is said once).
    private var upgradeSaid = false
    /// The stream request's redirect being followed, and how many in a row.
    private var streamRedirect: (address: WebAddress, hops: Int)?

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
            let end = await connect(to: streamRedirect?.address.text)
            if Task.isCancelled { return .stopped }
            if case .refused(let head, _) = end, (300..<400).contains(head.status) {} else { streamRedirect = nil }
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
                if error.code.map(VASAssumptions.isVASErrorCode) == true { serverIsVAS = true }
                let retryAfter = VASAssumptions.retryAfter(head.headers["retry-after"], now: Date().timeIntervalSince1970)
                let answer = VASAssumptions.classify(status: head.status, errorCode: error.code, contentType: head.contentType,
                                                     retryAfter: retryAfter, serverIsVAS: serverIsVAS)
                if case .retry(.notAStream, _) = answer { notAStream += 1 } else { notAStream = 0 }
                switch answer {
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
                case .terminal(.redirected):
                    let from = streamRedirect?.address ?? WebAddress(streamURL)
                    let hops = streamRedirect?.hops ?? 0
                    let decision = from.map { RedirectRule.decide(status: head.status, location: head.headers["location"], from: $0, method: "GET", hops: hops) }
                    switch decision ?? .refuse(.noLocation) {
                    case .follow(let target, _, let upgraded):
                        if upgraded { sayUpgrade(to: target) }
                        continuation.yield(.logged("the stream answered HTTP \(head.status): following it to \(Endpoints.redacted(target.text))"))
                        streamRedirect = (target, hops + 1)
                    case .refuse(let refusal):
                        streamRedirect = nil
                        return Self.redirectRefused(refusal, status: head.status, location: head.headers["location"])
                    }
                case .terminal(.notVAS):
                    return Self.notVAS(server: endpoints.server, status: head.status, contentType: head.contentType)
                case .terminal(let terminal):
                    return Self.outcome(terminal, error: error, status: head.status, token: endpoints.token,
                                        location: head.headers["location"])
                case .retry(.notAStream, _) where !watched && notAStream >= VASAssumptions.notAStreamAttempts:
                    return .failed(Self.notAStreamWords(contentType: head.contentType, server: endpoints.server, serverIsVAS: serverIsVAS))
                case .retry(let wait, let after):
                    let detail = Self.describe(wait, error: error, status: head.status, contentType: head.contentType)
                    if await !pause(attempt: attempt, floor: after, wait: wait, detail: detail) { return .stopped }
                    attempt += 1
                }
            case .notTLS(let detail, let certain):
                if let outcome = await plainHTTPHint(detail, certain: certain) { return outcome }
                if let outcome = giveUpIfUnreachable(detail) { return outcome }
                let wait: VASAssumptions.Wait = serverAnswered ? .network : .unreachable
                if await !pause(attempt: attempt, floor: nil, wait: wait, detail: "\(endpoints.server) (\(detail))") { return .stopped }
                attempt += 1
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

    /// A small request to the REST API (GET, or POST of `body`), following same-origin redirects.
    private func fetchJSON(_ url: String, posting body: (contentType: String, body: String)? = nil) async throws -> HTTPResponse {
        var headers = [HTTPHeader("Accept", "application/json")]
        if let body { headers.append(HTTPHeader("Content-Type", body.contentType)) }
        var request = HTTPRequest(url: url, method: body == nil ? "GET" : "POST", headers: headers,
                                  body: body.map { Array($0.body.utf8) })
        request.connectTimeout = timing.connectTimeout
        request.totalTimeout = timing.requestTimeout
        request.insecure = options.insecure
        return try await following(request)
    }

    private func readInfo() async -> SessionOutcome? {
        let response: HTTPResponse
        do {
            response = try await fetchJSON(endpoints.info)
        } catch is CancellationError {
            return .stopped
        } catch let error as TransportError {
            if case .tls = error { return .failed(error.description + "; use --insecure only if you trust this server.") }
            if case .notTLS(let detail) = error, let outcome = await plainHTTPHint(detail, certain: true) { return outcome }
            if case .tlsSilent(let detail) = error, let outcome = await plainHTTPHint(detail, certain: false) { return outcome }
            if let outcome = giveUpIfUnreachable(error.description) { return outcome }
            continuation.yield(.notice("could not read the broadcast's details (\(error)); trying the stream anyway"))
            return nil
        } catch {
            return nil
        }
        serverAnswered = true
        let status = response.head.status
        let error = APIErrorBody.decode(response.body)
        switch VASAssumptions.classifyDetails(status: status, errorCode: error.code) {
        case .read:
            do {
                let decoded = try BroadcastInfo.decode(response.body)
                info = decoded
                serverIsVAS = true
                continuation.yield(.info(decoded))
            } catch {
                continuation.yield(.notice("the broadcast's details could not be read (\(error)); going on without them"))
            }
        case .terminal(let terminal):
            serverIsVAS = true
            return Self.outcome(terminal, error: error, status: status, token: endpoints.token)
        case .later:
            serverIsVAS = true  // a VAS answer the stream will say again (not started, full, ...)
        case .notVAS:
            // The stream is the contract; the details are a help this server may not have.
            let type = response.head.contentType.map { ", \(TextSanitizer.clean($0))" } ?? ""
            continuation.yield(.logged("no broadcast details at \(VASAssumptions.infoPathPrefix)\(endpoints.token) (HTTP \(status)\(type), no VAS error): trying the stream"))
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
                response = try await fetchJSON(endpoints.verify, posting: endpoints.verifyBody.encode(password))
            } catch is CancellationError {
                return .stopped
            } catch TransportError.notTLS(let detail) where !serverAnswered {
                return await plainHTTPHint(detail, certain: true)
            } catch {
                pending = password
                let detail = "could not check the password (\(error))"
                if await !pause(attempt: trouble, floor: nil, wait: .network, detail: detail) { return .stopped }
                trouble += 1
                continue
            }
            let error = APIErrorBody.decode(response.body)
            if error.code.map(VASAssumptions.isVASErrorCode) == true { serverIsVAS = true }
            switch VASAssumptions.classifyVerify(status: response.head.status, errorCode: error.code) {
            case .granted:
                guard let grant = AccessGrant.decode(response.body) else {
                    return .failed("the server accepted the password but sent no viewer_access_token.")
                }
                Redaction.register(grant.token)
                accessToken = grant.token
                tokenIsFresh = true
                return nil
            case .tooMany:
                pending = password
                let after = VASAssumptions.retryAfter(response.head.headers["retry-after"], now: Date().timeIntervalSince1970)
                    ?? timing.passwordRetryDefault
                continuation.yield(.waiting(.tooManyAttempts, retryIn: after, detail: "too many password attempts"))
                do { try await Task.sleep(for: after) } catch { return .stopped }
            case .terminal(let terminal):
                return Self.outcome(terminal, error: error, status: response.head.status, token: endpoints.token)
            case .noCheckHere:
                // Not a wrong password: nothing checked it. Said at once, with the key that moves it.
                return .authenticationFailed(Self.noCheckWords(path: endpoints.verifyPath.replacing("{token}", with: endpoints.token), status: response.head.status,
                                                               custom: endpoints.verifyPath != VASAssumptions.defaultVerifyPath))
            case .notUnderstood:
                return .authenticationFailed(Self.notUnderstoodWords(path: endpoints.verifyPath.replacing("{token}", with: endpoints.token), status: response.head.status,
                                                                     body: endpoints.verifyBody, message: error.message))
            case .wrongPassword:
                attemptsLeft -= 1
                // A fixed password is not tried again, so there are no "tries left" to count.
                guard passwords.canAskAgain else {
                    if reason == .changed {
                        // It was accepted before: say what happened, not that it was wrong.
                        return .authenticationFailed("the host changed the broadcast's password, so \(passwords.name) no longer opens it: give the new one.")
                    }
                    return .authenticationFailed("\(passwords.name) was not accepted by the broadcast.\(checkSettingsNote)")
                }
                // A prompt says it itself ("Wrong password (2 tries left)").
                if !passwords.asksThroughFrontEnd, attemptsLeft > 0 {
                    continuation.yield(.passwordRejected(attemptsLeft: attemptsLeft))
                }
                reason = .rejected(attemptsLeft: attemptsLeft)
            case .trouble:
                pending = password
                let detail = "the password check failed (HTTP \(response.head.status))"
                if await !pause(attempt: trouble, floor: nil, wait: .serverTrouble, detail: detail) { return .stopped }
                trouble += 1
            }
        }
        return .authenticationFailed("the password was wrong \(VASAssumptions.passwordAttempts) times.\(checkSettingsNote)")
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
        /// The TLS handshake met something that is not TLS (`certain`), or no answer.
        case notTLS(String, certain: Bool)
        case rereadInfo
        case passwordChanged
        case restart
        var isFinished: Bool {
            if case .finished = self { return true }
            return false
        }
    }

    /// The stream's address as the documents give it (before any redirect).
    private var streamURL: String {
        endpoints.stream(language: subscribedLanguage, tts: options.tts, accessToken: accessToken)
    }

    /// Opens the stream at its address, or at `redirected` (a same-origin redirect being followed).
    private func connect(to redirected: String?) async -> ConnectionEnd {
        chooseSpeechLanguage()
        speechWithoutLanguage = options.tts && options.language == nil
        let url = redirected ?? streamURL
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
            serverIsVAS = true
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
            return .failed("the server redirected the stream\(target) (HTTP \(status)); vas-view follows redirects only within the same server, so the password and access token go nowhere else. If the broadcast has moved, give its address with --server.")
        case .notVAS:
            return notVAS(server: "the server", status: status, contentType: nil)
        }
    }

    /// 404/405 at the check's path: nothing checked the password. `custom`: the path is the setting's, not the guess.
    static func noCheckWords(path: String, status: Int, custom: Bool) -> String {
        let said = "the server has no password check at \(path) (HTTP \(status)): the password was not checked."
        return custom
            ? said + " That path is verify_path's: correct it, or remove it for the default (vas-view config shows where it is set)."
            : said + " If the server checks passwords at another path, set verify_path (vas-view config shows the settings)."
    }

    static func notUnderstoodWords(path: String, status: Int, body: VASAssumptions.VerifyBody, message: String?) -> String {
        let others = VASAssumptions.VerifyBody.allCases.filter { $0 != body }.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
        let detail = message.map { ": \($0)" } ?? ""
        return "the password check at \(path) did not understand the request (HTTP \(status)\(detail)): the password was not checked. "
            + "If it expects another body, set verify_body to \(others) (now \"\(body.rawValue)\"; vas-view config shows the settings)."
    }

    /// After a refusal, when the check was not the documents' guess: the settings may be why.
    private var checkSettingsNote: String {
        var changed: [String] = []
        if endpoints.verifyPath != VASAssumptions.defaultVerifyPath { changed.append("verify_path (\(endpoints.verifyPath))") }
        if endpoints.verifyBody != .password { changed.append("verify_body (\"\(endpoints.verifyBody.rawValue)\")") }
        guard !changed.isEmpty else { return "" }
        return " The check used \(changed.joined(separator: " and ")): if the password is right, \(changed.count == 1 ? "that setting" : "those settings") may not fit this server."
    }

    /// A handshake that met no TLS, before the server ever answered: said at once, with the
    /// address to try (retrying the same handshake meets the same server). A handshake that got
    /// no answer is said so only when the same port answers plain HTTP (`speaksPlainHTTP`); else
    /// it is a try that failed. Nil once the server has answered.
    private func plainHTTPHint(_ detail: String, certain: Bool) async -> SessionOutcome? {
        guard !serverAnswered else { return nil }
        if !certain, await !speaksPlainHTTP() { return nil }
        let plain = WebAddress(endpoints.server).map { address in
            "http://" + address.host + ":\(address.effectivePort)" + address.path
        }
        let hint = plain.map { " If it is a plain-HTTP server, give --server \($0)." } ?? ""
        return .failed("\(endpoints.server) did not answer with TLS (\(detail)).\(hint)")
    }

    /// Whether the server's host and port answer a plain-HTTP request (any status), within a few seconds.
    private func speaksPlainHTTP() async -> Bool {
        guard let address = WebAddress(endpoints.server), address.scheme == "https" else { return false }
        var probe = HTTPRequest(url: "http://\(address.host):\(address.effectivePort)/")
        probe.connectTimeout = VASAssumptions.plainHTTPProbeTimeout
        probe.totalTimeout = VASAssumptions.plainHTTPProbeTimeout
        guard let answer = try? await transport.fetch(probe) else { return false }
        return answer.head.status > 0
    }

    /// The http → https upgrade of the same host, said once.
    private func sayUpgrade(to target: WebAddress) {
        guard !upgradeSaid else { return }
        upgradeSaid = true
        continuation.yield(.notice("the server moved to \(target.origin) (http → https on the same host): following it; the connection is encrypted from here"))
    }

    /// A small request that answered a redirect: followed to the same origin (RedirectRule),
    /// else returned as it is for the caller to say.
    private func following(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        var hops = 0
        while true {
            let response = try await transport.fetch(request)
            guard (300..<400).contains(response.head.status), let from = WebAddress(request.url),
                  case .follow(let target, let method, let upgraded) = RedirectRule.decide(
                      status: response.head.status, location: response.head.headers["location"], from: from,
                      method: request.method, hops: hops)
            else { return response }
            if upgraded { sayUpgrade(to: target) }
            continuation.yield(.logged("\(Endpoints.redacted(request.url)) answered HTTP \(response.head.status): following it to \(Endpoints.redacted(target.text))"))
            if method != request.method {
                request.body = nil  // 301/302/303 turn a POST into a GET
                request.headers.removeAll { $0.name == "Content-Type" }
            }
            request.method = method
            request.url = target.text
            hops += 1
        }
    }

    static func redirectRefused(_ refusal: RedirectRule.Refusal, status: Int, location: String?) -> SessionOutcome {
        switch refusal {
        case .otherOrigin, .noLocation, .notARedirect:
            return outcome(.redirected, error: APIErrorBody(), status: status, token: "", location: location)
        case .tooMany:
            return .failed("the server redirected the stream more than \(VASAssumptions.maxRedirects) times in a row (HTTP \(status)): a redirect loop on the server.")
        }
    }

    static func notVAS(server: String, status: Int, contentType: String?) -> SessionOutcome {
        let type = contentType.map { " (\(TextSanitizer.clean($0)))" } ?? ""
        return .failed("\(server) does not look like a VAS server: it answered the broadcast's stream with HTTP \(status)\(type) and no VAS error. Check the address (--server).")
    }

    static func notAStreamWords(contentType: String?, server: String, serverIsVAS: Bool) -> String {
        let what = describeNotAStream(contentType)
        let guess = serverIsVAS ? "" : " Is \(server) a VAS server (--server)?"
        return "\(what), not a VAS event stream, \(VASAssumptions.notAStreamAttempts) times: a login page or a proxy? Sign in to the network in a browser, or check the address.\(guess)"
    }

    /// "the server answered with an HTML page (text/html)".
    static func describeNotAStream(_ contentType: String?) -> String {
        guard let type = contentType.map(TextSanitizer.clean), !type.isEmpty else { return "the server answered with no content type" }
        let media = type.split(separator: ";").first.map { $0.lowercased().trimmed } ?? ""
        let kind = switch media {
        case "text/html", "application/xhtml+xml": "an HTML page"
        case "application/json": "JSON"
        case "text/plain": "plain text"
        default: "something"
        }
        return "the server answered with \(kind) (\(type))"
    }

    static func describe(_ wait: VASAssumptions.Wait, error: APIErrorBody, status: Int, contentType: String?) -> String {
        switch wait {
        case .notStarted: "the broadcast has not started yet"
        case .full: "the broadcast is full; waiting for a place"
        case .notAStream: describeNotAStream(contentType) + ", not a VAS event stream: a login page or a proxy?"
        case .tooManyAttempts: "too many password attempts"
        case .serverTrouble, .network, .unreachable: "the server answered HTTP \(status)\(error.message.map { ": \($0)" } ?? "")"
        }
    }
}


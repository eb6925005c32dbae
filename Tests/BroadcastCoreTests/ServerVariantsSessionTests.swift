import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

/// The session against servers that differ from the documents' guesses (issue "Every plausible
/// server"): the stream is the contract, everything else is a help, and what differs is named.
@Suite(.timeLimit(.minutes(1))) struct ServerVariantsSessionTests {
    static let htmlNotFound = ScriptedTransport.Answer(status: 404, headers: ["content-type": "text/html"],
                                                       body: ["<html><body><h1>Not Found</h1></body></html>"])
    static let stream = ScriptedTransport.Answer(body: [connectedEvent, "event: origin\ndata: {\"sid\":1,\"text\":\"你好\",\"is_final\":true}\n\n", endedEvent])

    func session(_ transport: ScriptedTransport, server: String = "https://vas.test", passwords: any PasswordSource = NoPassword(),
                 verifyBody: VASAssumptions.VerifyBody = .password) throws -> BroadcastSession {
        var options = SessionOptions(language: "en-US", tts: false)
        options.timing.backoffInitial = .milliseconds(5)
        options.timing.backoffCap = .milliseconds(10)
        return BroadcastSession(endpoints: try Endpoints(server: server, token: "a3f9", verifyBody: verifyBody), options: options,
                                transport: transport, passwords: passwords, random: { 0 })
    }

    static func logged(_ updates: [SessionUpdate]) -> [String] {
        updates.compactMap { if case .logged(let text) = $0 { text } else { nil } }
    }

    static func notices(_ updates: [SessionUpdate]) -> [String] {
        updates.compactMap { if case .notice(let text) = $0 { text } else { nil } }
    }

    // MARK: - The details are a help

    @Test func noDetailsEndpointIsLoggedAndTheStreamWatched() async throws {
        let transport = ScriptedTransport([Self.htmlNotFound, Self.stream])
        let (outcome, updates) = await collect(try session(transport))
        #expect(outcome == .ended("bye"))
        #expect(Self.logged(updates) == ["no broadcast details at /api/v1/viewer/broadcasts/a3f9 (HTTP 404, text/html, no VAS error): trying the stream"])
        #expect(Self.notices(updates).isEmpty)
    }

    @Test func aVASNotFoundInTheDetailsStillEndsIt() async throws {
        let transport = ScriptedTransport([.init(status: 404, headers: ["content-type": "application/json"],
                                                 body: [#"{"error_code":"broadcast_session_not_found","message":"Broadcast not found"}"#])])
        let (outcome, _) = await collect(try session(transport))
        #expect(outcome == .unavailable("there is no broadcast 'a3f9' (Broadcast not found): check the token."))
        #expect(transport.requests.count == 1)
    }

    // MARK: - Not a VAS server

    @Test func aWebServerThatIsNotVASIsNamedSo() async throws {
        let transport = ScriptedTransport([Self.htmlNotFound, Self.htmlNotFound])
        let (outcome, _) = await collect(try session(transport, server: "http://127.0.0.1:8000"))
        #expect(outcome == .failed("http://127.0.0.1:8000 does not look like a VAS server: it answered the broadcast's stream with HTTP 404 (text/html) and no VAS error. Check the address (--server)."))
        #expect(outcome.exitCode == ExitStatus.failure)
    }

    /// A server whose details were read is VAS: its plain 404 is about the token.
    @Test func aVASServersPlain404IsAboutTheToken() async throws {
        let transport = ScriptedTransport([infoAnswer, Self.htmlNotFound])
        let (outcome, _) = await collect(try session(transport))
        #expect(outcome == .unavailable("there is no broadcast 'a3f9': check the token."))
    }

    // MARK: - An answer that is no event stream

    @Test func anHTMLPageIsGivenUpOnAfterAFewTries() async throws {
        let portal = ScriptedTransport.Answer(status: 200, headers: ["content-type": "text/html; charset=utf-8"], body: ["<html>Sign in</html>"])
        let transport = ScriptedTransport([Self.htmlNotFound] + Array(repeating: portal, count: 10))
        let (outcome, updates) = await collect(try session(transport))
        guard case .failed(let words) = outcome else { Issue.record("\(outcome)"); return }
        #expect(words.hasPrefix("the server answered with an HTML page (text/html; charset=utf-8), not a VAS event stream, 3 times: a login page or a proxy?"))
        #expect(transport.requests.filter { $0.url.contains("/broadcast/") }.count == VASAssumptions.notAStreamAttempts)
        let waits = updates.compactMap { if case .waiting(.notAStream, _, let detail) = $0 { detail } else { nil } }
        #expect(waits.first == "the server answered with an HTML page (text/html; charset=utf-8), not a VAS event stream: a login page or a proxy?")
    }

    /// Once watched, a portal that appears (the hotel's Wi-Fi asking again) is waited out, named.
    @Test func anHTMLPageAfterWatchingIsWaitedOut() async throws {
        let portal = ScriptedTransport.Answer(status: 200, headers: ["content-type": "text/html"], body: ["<html>Sign in</html>"])
        let transport = ScriptedTransport([infoAnswer, .init(body: [connectedEvent])] + Array(repeating: portal, count: 5) + [.init(body: [connectedEvent, endedEvent])])
        let (outcome, _) = await collect(try session(transport))
        #expect(outcome == .ended("bye"))
    }

    // MARK: - The password check

    @Test func noCheckAtThePathIsNotAWrongPassword() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(status: 401, headers: ["content-type": "application/json"],
                                                 body: [#"{"error_code":"broadcast_password_required"}"#]),
                                           Self.htmlNotFound])
        let (outcome, updates) = await collect(try session(transport, passwords: FixedPassword(value: "pw")))
        guard case .authenticationFailed(let words) = outcome else { Issue.record("\(outcome)"); return }
        #expect(words.hasPrefix("the server has no password check at /api/v1/viewer/broadcasts/a3f9/verify (HTTP 404): the password was not checked."))
        #expect(words.contains("verify_path"))
        #expect(outcome.exitCode == ExitStatus.authentication)
        #expect(!updates.contains { if case .passwordRejected = $0 { true } else { false } })
        #expect(transport.requests.count == 3)  // details, stream, one check: no second try
    }

    @Test func aCheckThatDoesNotUnderstandNamesVerifyBody() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(status: 401, headers: [:], body: []),
                                           .init(status: 422, headers: ["content-type": "application/json"], body: [#"{"detail":"pass_code missing"}"#])])
        let (outcome, _) = await collect(try session(transport, passwords: FixedPassword(value: "pw")))
        guard case .authenticationFailed(let words) = outcome else { Issue.record("\(outcome)"); return }
        #expect(words.contains("did not understand the request (HTTP 422)"))
        #expect(words.contains("set verify_body to \"pass_code\" or \"form\" (now \"password\""))
    }

    /// A refusal when the check is the settings', not the guess: the settings are named as a possible cause.
    @Test func aRefusalUnderOtherCheckSettingsNamesThem() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(status: 401, headers: [:], body: []),
                                           .init(status: 401, headers: ["content-type": "application/json"], body: [#"{"error_code":"broadcast_password_invalid"}"#])])
        let (outcome, _) = await collect(try session(transport, passwords: FixedPassword(value: "pw"), verifyBody: .passCode))
        #expect(outcome == .authenticationFailed("the fixed password was not accepted by the broadcast. The check used verify_body (\"pass_code\"): if the password is right, that setting may not fit this server."))
    }

    @Test func theBodyShapeFollowsVerifyBody() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(status: 401, headers: [:], body: []),
                                           .init(status: 200, headers: ["content-type": "application/json"], body: [#"{"viewer_access_token":"tok"}"#]),
                                           Self.stream])
        let (outcome, _) = await collect(try session(transport, passwords: FixedPassword(value: "p&w"), verifyBody: .form))
        #expect(outcome == .ended("bye"))
        let check = try #require(transport.requests.first { $0.method == "POST" })
        #expect(check.body == Array("password=p%26w".utf8))
        #expect(check.headers.contains(HTTPHeader("Content-Type", "application/x-www-form-urlencoded")))
    }

    @Test func aCheckMovedWithA308KeepsItsPost() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(status: 401, headers: [:], body: []),
                                           .init(status: 308, headers: ["location": "/api/v2/check/a3f9"], body: []),
                                           .init(status: 200, headers: ["content-type": "application/json"], body: [#"{"viewer_access_token":"tok"}"#]),
                                           Self.stream])
        let (outcome, _) = await collect(try session(transport, passwords: FixedPassword(value: "pw")))
        #expect(outcome == .ended("bye"))
        let posts = transport.requests.filter { $0.method == "POST" }
        #expect(posts.map(\.url) == ["https://vas.test/api/v1/viewer/broadcasts/a3f9/verify", "https://vas.test/api/v2/check/a3f9"])
        #expect(posts.allSatisfy { $0.body == Array(#"{"password":"pw"}"#.utf8) })
    }

    // MARK: - Redirects

    @Test func aSameOriginRedirectOfTheStreamIsFollowed() async throws {
        let moved = ScriptedTransport.Answer(status: 307, headers: ["location": "/v2/broadcast/a3f9/text"], body: [])
        let transport = ScriptedTransport([infoAnswer, moved, Self.stream])
        let (outcome, updates) = await collect(try session(transport))
        #expect(outcome == .ended("bye"))
        #expect(transport.requests.map(\.url).suffix(2) == ["https://vas.test/broadcast/a3f9/text", "https://vas.test/v2/broadcast/a3f9/text"])
        #expect(Self.logged(updates) == ["the stream answered HTTP 307: following it to https://vas.test/v2/broadcast/a3f9/text"])
    }

    @Test func aRedirectToAnotherServerIsRefused() async throws {
        let away = ScriptedTransport.Answer(status: 302, headers: ["location": "https://elsewhere.test/broadcast/a3f9/text"], body: [])
        let transport = ScriptedTransport([infoAnswer, away])
        let (outcome, _) = await collect(try session(transport))
        guard case .failed(let words) = outcome else { Issue.record("\(outcome)"); return }
        #expect(words.hasPrefix("the server redirected the stream to https://elsewhere.test/broadcast/a3f9/text (HTTP 302); vas-view follows redirects only within the same server"))
        #expect(transport.requests.count == 2)
    }

    @Test func aRedirectLoopIsGivenUpOn() async throws {
        let loop = ScriptedTransport.Answer(status: 307, headers: ["location": "/broadcast/a3f9/text"], body: [])
        let transport = ScriptedTransport([infoAnswer] + Array(repeating: loop, count: 20))
        let (outcome, _) = await collect(try session(transport))
        #expect(outcome == .failed("the server redirected the stream more than 5 times in a row (HTTP 307): a redirect loop on the server."))
        #expect(transport.requests.count == 1 + 1 + VASAssumptions.maxRedirects)
    }

    @Test func theHttpsUpgradeIsSaidOnce() async throws {
        let up = { (path: String) in ScriptedTransport.Answer(status: 301, headers: ["location": "https://vas.test" + path], body: []) }
        let transport = ScriptedTransport([up("/api/v1/viewer/broadcasts/a3f9"), infoAnswer, up("/broadcast/a3f9/text"), Self.stream])
        let (outcome, updates) = await collect(try session(transport, server: "http://vas.test"))
        #expect(outcome == .ended("bye"))
        #expect(Self.notices(updates) == ["the server moved to https://vas.test (http → https on the same host): following it; the connection is encrypted from here"])
        #expect(transport.requests.last?.url == "https://vas.test/broadcast/a3f9/text")
    }

    // MARK: - https:// to a plain-HTTP port

    @Test func aHandshakeThatMeetsNoTLSSuggestsHTTP() async throws {
        let plain = ScriptedTransport.Answer(status: 0, headers: [:], body: [],
                                             ending: .error(.notTLS("OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number")))
        let transport = ScriptedTransport(Array(repeating: plain, count: 5))
        let (outcome, _) = await collect(try session(transport, server: "https://127.0.0.1:8000"))
        #expect(outcome == .failed("https://127.0.0.1:8000 did not answer with TLS (OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number). If it is a plain-HTTP server, give --server http://127.0.0.1:8000."))
        #expect(transport.requests.count == 1)  // at once, not after four tries
    }

    /// The details unreachable for another reason (a reset), then the stream's handshake meets plain HTTP.
    @Test func aStreamHandshakeThatMeetsNoTLSSuggestsHTTPToo() async throws {
        let reset = ScriptedTransport.Answer(status: 0, headers: [:], body: [], ending: .error(.network("Connection reset by peer")))
        let plain = ScriptedTransport.Answer(status: 0, headers: [:], body: [], ending: .error(.notTLS("wrong version number")))
        let transport = ScriptedTransport([reset, plain, plain, plain])
        let (outcome, _) = await collect(try session(transport, server: "https://127.0.0.1:8000"))
        #expect(outcome == .failed("https://127.0.0.1:8000 did not answer with TLS (wrong version number). If it is a plain-HTTP server, give --server http://127.0.0.1:8000."))
        #expect(transport.requests.count == 2)
    }

    /// A handshake without an answer: a plain-HTTP server waiting for a request line, or a slow
    /// network. The same port asked in plain HTTP tells which.
    @Test func aSilentHandshakeIsAPlainHTTPServerOnlyIfThePortAnswersHTTP() async throws {
        let silent = ScriptedTransport.Answer(status: 0, headers: [:], body: [], ending: .error(.tlsSilent("SSL connection timeout")))
        let page = ScriptedTransport.Answer(status: 404, headers: ["content-type": "text/html"], body: ["<html>404</html>"])
        let plain = ScriptedTransport([silent, page])
        let (outcome, _) = await collect(try session(plain, server: "https://127.0.0.1:8000"))
        #expect(outcome == .failed("https://127.0.0.1:8000 did not answer with TLS (SSL connection timeout). If it is a plain-HTTP server, give --server http://127.0.0.1:8000."))
        #expect(plain.requests.map(\.url) == ["https://127.0.0.1:8000/api/v1/viewer/broadcasts/a3f9", "http://127.0.0.1:8000/"])

        let nothing = ScriptedTransport.Answer(status: 0, headers: [:], body: [], ending: .error(.network("Connection timed out")))
        let slow = ScriptedTransport([silent, nothing, Self.stream])
        let (watched, _) = await collect(try session(slow, server: "https://127.0.0.1:8000"))
        #expect(watched == .ended("bye"))  // not given up: the handshake may just have been slow
    }
}

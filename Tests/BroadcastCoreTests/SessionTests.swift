import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

func session(_ transport: ScriptedTransport, tts: Bool = false, language: String? = "en-US",
             passwords: any PasswordSource = NoPassword()) throws -> BroadcastSession {
    var options = SessionOptions(language: language, tts: tts)
    options.timing.backoffInitial = .milliseconds(20)
    options.timing.backoffCap = .milliseconds(80)
    return BroadcastSession(endpoints: try Endpoints(server: "https://vas.test", token: "a3f9"), options: options,
                            transport: transport, passwords: passwords, random: { 0 })
}

/// Runs the session to its end, collecting every update.
/// A test cut off by its time limit cancels the session too, so a hang fails instead of lasting.
func collect(_ session: BroadcastSession, onConnected: (@Sendable () async -> Void)? = nil) async -> (SessionOutcome, [SessionUpdate]) {
    let run = Task { await session.run() }
    return await withTaskCancellationHandler {
        var updates: [SessionUpdate] = []
        var connections = 0
        for await update in session.updates {
            updates.append(update)
            session.taken(update)  // as every front end does
            if case .connected = update {
                connections += 1
                if connections == 1 { await onConnected?() }
            }
        }
        return (await run.value, updates)
    } onCancel: {
        run.cancel()
    }
}

@Suite(.timeLimit(.minutes(1))) struct SessionTests {
    @Test func lastEventIdIsSentOnReconnect() async throws {
        let transport = ScriptedTransport([
            infoAnswer,
            .init(body: [connectedEvent, "id: 41\nevent: origin\ndata: {\"sid\":1,\"text\":\"a\"}\n\n"]),
            .init(body: [endedEvent]),
        ])
        let (outcome, updates) = await collect(try session(transport))
        #expect(outcome == .ended("bye"))
        let streams = transport.requests.filter { $0.url.contains("/broadcast/") }
        try #require(streams.count == 2)
        #expect(!streams[0].headers.contains { $0.name == "Last-Event-ID" })
        #expect(streams[1].headers.contains(HTTPHeader("Last-Event-ID", "41")))
        #expect(streams[0].headers.contains(HTTPHeader("Accept", "text/event-stream")))
        #expect(streams[0].headers.contains(HTTPHeader("Cache-Control", "no-cache")))
        #expect(updates.contains { if case .waiting(.network, _, "the server closed the connection") = $0 { true } else { false } })
    }

    /// Where a connection ended is said after its last item and before the next connection's
    /// first, so the model can measure what never came; the stream that ends the broadcast is not one.
    @Test func aDroppedConnectionIsSaidBetweenTheTwo() async throws {
        let transport = ScriptedTransport([
            infoAnswer,
            .init(body: [connectedEvent, "event: origin\ndata: {\"sid\":1,\"text\":\"a\",\"is_final\":true}\n\n"]),
            .init(body: [connectedEvent, "event: origin\ndata: {\"sid\":4,\"text\":\"d\",\"is_final\":true}\n\n", endedEvent]),
        ])
        let (_, updates) = await collect(try session(transport))
        let items = updates.flatMap(\.items)
        let reconnections = items.indices.filter { items[$0] == .reconnected }
        #expect(reconnections.count == 1)
        let sids = items.compactMap { item -> Int? in if case .event(.origin(let o)) = item { o.sid } else { nil } }
        #expect(sids == [1, 4])
        let first = items.firstIndex { if case .event(.origin(let o)) = $0 { o.sid == 1 } else { false } } ?? -1
        let second = items.firstIndex { if case .event(.origin(let o)) = $0 { o.sid == 4 } else { false } } ?? -1
        #expect(first < reconnections[0] && reconnections[0] < second)
        var model = Broadcast()
        for item in items { model.apply(item) }
        #expect(model.transcript.current.gaps == [Gap(fromSid: 2, toSid: 3)])
    }

    /// A sink whose disk is full from the first byte.
    final class FullDisk: RawSink, @unchecked Sendable {
        private let lock = NSLock()
        private var said = false
        func received(_ bytes: [UInt8]) {}
        func connectionEnded() {}
        func wordsArrived() {}
        func takeNewFailure() -> String? {
            lock.withLock {
                defer { said = true }
                return said ? nil : "cannot write 'talk.sse': No space left on device"
            }
        }
    }

    /// A write error of the raw recording is said at once, once, and the viewing goes on.
    @Test func aRecordingThatCannotBeWrittenIsSaidAtOnce() async throws {
        let transport = ScriptedTransport([
            infoAnswer,
            .init(body: [connectedEvent, "event: origin\ndata: {\"sid\":1,\"text\":\"a\",\"is_final\":true}\n\n", endedEvent]),
        ])
        var options = SessionOptions(language: "en-US")
        options.timing.backoffInitial = .milliseconds(20)
        let s = BroadcastSession(endpoints: try Endpoints(server: "https://vas.test", token: "a3f9"), options: options,
                                 transport: transport, passwords: NoPassword(), recorder: FullDisk(), random: { 0 })
        let (outcome, updates) = await collect(s)
        #expect(outcome == .ended("bye"))
        let notices = updates.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        #expect(notices == ["the --record-raw recording stopped: cannot write 'talk.sse': No space left on device; the viewing and the journal go on"])
        let notice = updates.firstIndex { if case .notice = $0 { true } else { false } } ?? .max
        let ending = updates.firstIndex { if case .items(let items) = $0 { items.contains { if case .event(.ended) = $0 { true } else { false } } } else { false } } ?? -1
        #expect(notice < ending)  // before the broadcast ends, not found after it
    }

    @Test func withoutSpeechEveryLanguageComesAndSwitchingIsInstant() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(body: [connectedEvent], ending: .hang)])
        let s = try session(transport, tts: false)
        let run = Task { await s.run() }
        for await update in s.updates {
            if case .connected = update { await s.selectLanguage("ja-JP") }
            if case .languageSelected("ja-JP") = update { break }
        }
        run.cancel()
        #expect(await run.value == .stopped)
        let streams = transport.requests.filter { $0.url.contains("/broadcast/") }
        #expect(streams.map(\.url) == ["https://vas.test/broadcast/a3f9/text"])
    }

    @Test func withSpeechSwitchingReconnectsWithTheNewLanguage() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(body: [connectedEvent], ending: .hang), .init(body: [connectedEvent, endedEvent])])
        let s = try session(transport, tts: true)
        let (outcome, updates) = await collect(s) { await s.selectLanguage("ja-JP") }
        #expect(outcome == .ended("bye"))
        let streams = transport.requests.filter { $0.url.contains("/broadcast/") }.map(\.url)
        #expect(streams == ["https://vas.test/broadcast/a3f9/text?lang=en-US&tts=true",
                            "https://vas.test/broadcast/a3f9/text?lang=ja-JP&tts=true"])
        // A switch is not a failure: no waiting.
        #expect(!updates.contains { if case .waiting = $0 { true } else { false } })
    }

    @Test func turningSpeechOnAndOffReconnectsFromTheLastEvent() async throws {
        let said = "id: 7\nevent: origin\ndata: {\"sid\":1,\"text\":\"a\"}\n\n"
        let transport = ScriptedTransport([infoAnswer, .init(body: [connectedEvent, said], ending: .hang),
                                           .init(body: [connectedEvent], ending: .hang), .init(body: [connectedEvent, endedEvent])])
        let s = try session(transport, tts: false)
        let run = Task { await s.run() }
        var connections = 0
        for await update in s.updates {
            if case .items(let items) = update, items.contains(where: { if case .event(.origin) = $0 { true } else { false } }) { await s.setSpeech(true) }
            if case .connected = update {
                connections += 1
                if connections == 2 { await s.setSpeech(false) }
            }
        }
        #expect(await run.value == .ended("bye"))
        let streams = transport.requests.filter { $0.url.contains("/broadcast/") }
        #expect(streams.map(\.url) == ["https://vas.test/broadcast/a3f9/text",
                                       "https://vas.test/broadcast/a3f9/text?lang=en-US&tts=true",
                                       "https://vas.test/broadcast/a3f9/text"])
        #expect(streams.dropFirst().allSatisfy { $0.headers.contains(HTTPHeader("Last-Event-ID", "7")) })
    }

    @Test func backoffDoublesAndResetsAfterEventsFlow() async throws {
        let drop = ScriptedTransport.Answer(body: [], ending: .error(.network("connection reset")))
        let transport = ScriptedTransport([infoAnswer, drop, drop, drop, .init(body: [connectedEvent]), drop, .init(body: [endedEvent])])
        let (_, updates) = await collect(try session(transport))
        let waits = updates.compactMap { update -> Duration? in
            if case .waiting(_, let delay, _) = update { return delay } else { return nil }
        }
        // random 0 → half the base: 10, 20, 40 ms; events flowed, so back to 10 then 20.
        #expect(waits == [.milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(10), .milliseconds(20)])
    }

    @Test func sseRetryFieldIsAFloor() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(body: ["retry: 150\n\n", connectedEvent]), .init(body: [endedEvent])])
        let (_, updates) = await collect(try session(transport))
        #expect(updates.contains(.waiting(.network, retryIn: .milliseconds(150), detail: "the server closed the connection")))
    }

    @Test func stallIsReportedAndRetried() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(body: [connectedEvent], ending: .error(.stalled(seconds: 45))), .init(body: [endedEvent])])
        let (outcome, updates) = await collect(try session(transport))
        #expect(outcome == .ended("bye"))
        #expect(updates.contains { if case .waiting(.network, _, let detail) = $0 { detail.contains("no data from the server for 45 s") } else { false } })
    }

    @Test func tlsFailureIsFinal() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(body: [], ending: .error(.tls("self-signed certificate")))])
        let (outcome, _) = await collect(try session(transport))
        guard case .failed(let message) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(message.contains("could not be verified (self-signed certificate)"))
        #expect(message.contains("--insecure"))
    }

    @Test func anHTMLPageIsNotAStream() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(status: 200, headers: ["content-type": "text/html"], body: ["<html>"]),
                                           .init(body: [endedEvent])])
        let (_, updates) = await collect(try session(transport))
        #expect(updates.contains { if case .waiting(.notAStream, _, let detail) = $0 { detail.contains("text/html") } else { false } })
    }

    @Test func retryAfterIsHonoured() async throws {
        let full = ScriptedTransport.Answer(status: 503, headers: ["content-type": "application/json", "retry-after": "0"],
                                            body: [#"{"error_code":"broadcast_capacity_exceeded","message":"Full"}"#])
        let transport = ScriptedTransport([infoAnswer, full, .init(body: [endedEvent])])
        let (outcome, updates) = await collect(try session(transport))
        #expect(outcome == .ended("bye"))
        #expect(updates.contains { if case .waiting(.full, _, _) = $0 { true } else { false } })
    }

    @Test func aStream401AsksForThePasswordAndUsesTheToken() async throws {
        let refused = ScriptedTransport.Answer(status: 401, headers: ["content-type": "application/json"],
                                               body: [#"{"error_code":"broadcast_password_required"}"#])
        let granted = ScriptedTransport.Answer(status: 200, headers: ["content-type": "application/json"],
                                               body: [#"{"viewer_access_token":"s3cr+t/tok","expires_in":60}"#])
        let transport = ScriptedTransport([infoAnswer, refused, granted, .init(body: [endedEvent])])
        let (outcome, _) = await collect(try session(transport, passwords: FixedPassword(value: "pw \"1\"")))
        #expect(outcome == .ended("bye"))
        let verify = try #require(transport.requests.first { $0.method == "POST" })
        #expect(verify.url == "https://vas.test/api/v1/viewer/broadcasts/a3f9/verify")
        #expect(String(decoding: verify.body ?? [], as: UTF8.self) == #"{"password":"pw \"1\""}"#)
        #expect(transport.requests.last?.url == "https://vas.test/broadcast/a3f9/text?viewer_access_token=s3cr%2Bt%2Ftok")
    }

    @Test func tooManyPasswordAttemptsWaitsAndTriesAgain() async throws {
        let info = ScriptedTransport.Answer(status: 200, headers: ["content-type": "application/json"],
                                            body: [#"{"requires_password":true}"#])
        let throttled = ScriptedTransport.Answer(status: 429, headers: ["retry-after": "0"], body: [])
        let granted = ScriptedTransport.Answer(status: 200, body: [#"{"data":{"viewer_access_token":"t"}}"#])
        let transport = ScriptedTransport([info, throttled, granted, .init(body: [endedEvent])])
        let (outcome, updates) = await collect(try session(transport, passwords: FixedPassword(value: "pw")))
        #expect(outcome == .ended("bye"))
        #expect(updates.contains { if case .waiting(.tooManyAttempts, _, _) = $0 { true } else { false } })
        #expect(transport.requests.filter { $0.method == "POST" }.count == 2)
    }

    @Test func infoUnreachableStillTriesTheStream() async throws {
        let transport = ScriptedTransport([.init(status: 0, headers: [:], body: [], ending: .error(.network("could not resolve host"))),
                                           .init(body: [endedEvent])])
        let (outcome, updates) = await collect(try session(transport))
        #expect(outcome == .ended("bye"))
        #expect(updates.contains { if case .notice(let text) = $0 { text.contains("trying the stream anyway") } else { false } })
    }

    @Test func kickedAndFatalErrorsEndTheSession() async throws {
        let kicked = ScriptedTransport([infoAnswer, .init(body: ["event: kicked\ndata: {\"message\":\"out\"}\n\nevent: origin\ndata: {\"sid\":1,\"text\":\"x\"}\n\n"])])
        let (outcome, updates) = await collect(try session(kicked))
        #expect(outcome == .kicked("out"))
        // Nothing after the kick is delivered.
        #expect(!updates.contains { if case .items(let items) = $0 { items.contains { if case .event(.origin) = $0 { true } else { false } } } else { false } })
        let fatal = ScriptedTransport([infoAnswer, .init(body: ["event: error\ndata: {\"error_code\":\"boom\",\"severity\":\"fatal\",\"message\":\"Bad\"}\n\n"])])
        let (fatalOutcome, _) = await collect(try session(fatal))
        #expect(fatalOutcome == .failed("the server reported a fatal error: boom (Bad)"))
    }
}

@Suite struct EndpointTests {
    @Test func urlsAndEncoding() throws {
        let endpoints = try Endpoints(server: "https://vas.example.com/", token: "a3f9")
        #expect(endpoints.info == "https://vas.example.com/api/v1/viewer/broadcasts/a3f9")
        #expect(endpoints.verify == "https://vas.example.com/api/v1/viewer/broadcasts/a3f9/verify")
        #expect(endpoints.stream(language: nil, tts: false, accessToken: nil) == "https://vas.example.com/broadcast/a3f9/text")
        #expect(endpoints.stream(language: "zh Hant&x=1", tts: true, accessToken: "a+b/c=")
            == "https://vas.example.com/broadcast/a3f9/text?lang=zh%20Hant%26x%3D1&tts=true&viewer_access_token=a%2Bb%2Fc%3D")
        #expect(Endpoints.percentEncode("é-_.~") == "%C3%A9-_.~")
    }

    @Test func redaction() {
        #expect(Endpoints.redacted("https://h/broadcast/a3f9/text?lang=en&viewer_access_token=abc123&tts=true")
            == "https://h/broadcast/a3f9/text?lang=en&viewer_access_token=REDACTED&tts=true")
        #expect(Endpoints.redacted("https://h/broadcast/a3f9/text?viewer_access_token=abc") == "https://h/broadcast/a3f9/text?viewer_access_token=REDACTED")
    }

    @Test func badServersAreRefused() {
        for server in ["vas.example.com", "ftp://x.y", "https://", "https://a b", "https://x?y"] {
            #expect(throws: SessionError.self) { try Endpoints(server: server, token: "a3f9") }
        }
    }

    @Test func verifyPathIsConfigurable() throws {
        let endpoints = try Endpoints(server: "http://127.0.0.1:8080", token: "b4c5", verifyPath: "/v2/viewer/{token}/password")
        #expect(endpoints.verify == "http://127.0.0.1:8080/v2/viewer/b4c5/password")
    }
}

@Suite struct RESTBodyTests {
    @Test func infoWrappedOrNot() throws {
        let wrapped = try BroadcastInfo.decode(Array(#"{"data":{"id":"u","name":"Talk","access_type":"password","requires_password":true,"status":"active","is_live":true,"transcription_language":"zh-TW","translation_languages":["en-US"],"tts_languages":[],"tts_voices":{"en-US":[{"voice_name":"x"}]},"future":1}}"#.utf8))
        #expect(wrapped.name == "Talk")
        #expect(wrapped.requiresPassword)
        #expect(wrapped.isLive == true)
        #expect(wrapped.translationLanguages == ["en-US"])
        let flat = try BroadcastInfo.decode(Array(#"{"name":"Flat"}"#.utf8))
        #expect(flat.name == "Flat")
        #expect(!flat.requiresPassword)
        #expect(throws: JSONError.self) { try BroadcastInfo.decode(Array("<html>".utf8)) }
    }

    @Test func errorBodiesInAllThreePlaces() {
        let expected = APIErrorBody(code: "broadcast_session_not_found", message: "Not found")
        #expect(APIErrorBody.decode(Array(#"{"error_code":"broadcast_session_not_found","message":"Not found"}"#.utf8)) == expected)
        #expect(APIErrorBody.decode(Array(#"{"error":{"error_code":"broadcast_session_not_found","message":"Not found"}}"#.utf8)) == expected)
        #expect(APIErrorBody.decode(Array(#"{"data":{"error_code":"broadcast_session_not_found","message":"Not found"}}"#.utf8)) == expected)
        #expect(APIErrorBody.decode(Array("Bad Gateway".utf8)) == APIErrorBody())
    }

    @Test func accessGrantWrappedOrNot() {
        #expect(AccessGrant.decode(Array(#"{"data":{"viewer_access_token":"t1","expires_in":3600}}"#.utf8)) == AccessGrant(token: "t1", expiresIn: 3600))
        #expect(AccessGrant.decode(Array(#"{"viewer_access_token":"t2"}"#.utf8)) == AccessGrant(token: "t2", expiresIn: nil))
        #expect(AccessGrant.decode(Array(#"{"data":{}}"#.utf8)) == nil)
    }
}

@Suite struct ClassificationTests {
    typealias A = VASAssumptions

    @Test func everyDocumentedAnswer() {
        #expect(A.classify(status: 200, errorCode: nil, contentType: "text/event-stream; charset=utf-8", retryAfter: nil) == .stream)
        #expect(A.classify(status: 200, errorCode: nil, contentType: "text/html", retryAfter: nil) == .retry(.notAStream, after: nil))
        #expect(A.classify(status: 404, errorCode: "broadcast_session_not_found", contentType: nil, retryAfter: nil) == .terminal(.notFound))
        #expect(A.classify(status: 404, errorCode: "broadcast_session_not_started", contentType: nil, retryAfter: .seconds(5)) == .retry(.notStarted, after: .seconds(5)))
        #expect(A.classify(status: 410, errorCode: "broadcast_session_ended", contentType: nil, retryAfter: nil) == .terminal(.ended))
        #expect(A.classify(status: 410, errorCode: "broadcast_token_revoked", contentType: nil, retryAfter: nil) == .terminal(.revoked))
        #expect(A.classify(status: 503, errorCode: "broadcast_capacity_exceeded", contentType: nil, retryAfter: nil) == .retry(.full, after: nil))
        #expect(A.classify(status: 401, errorCode: "broadcast_password_required", contentType: nil, retryAfter: nil) == .password)
        #expect(A.classify(status: 503, errorCode: nil, contentType: nil, retryAfter: nil) == .retry(.serverTrouble, after: nil))
        #expect(A.classify(status: 502, errorCode: nil, contentType: nil, retryAfter: nil) == .retry(.serverTrouble, after: nil))
        #expect(A.classify(status: 429, errorCode: nil, contentType: nil, retryAfter: nil) == .retry(.serverTrouble, after: nil))
        #expect(A.classify(status: 404, errorCode: nil, contentType: nil, retryAfter: nil) == .terminal(.notFound))
        #expect(A.classify(status: 400, errorCode: nil, contentType: nil, retryAfter: nil) == .terminal(.refused))
    }

    @Test func backoffWithJitterAndCap() {
        #expect(A.backoff(attempt: 0, random: 0) == .milliseconds(500))
        #expect(A.backoff(attempt: 0, random: 1) == .seconds(1))
        #expect(A.backoff(attempt: 3, random: 1) == .seconds(8))
        #expect(A.backoff(attempt: 10, random: 1) == .seconds(30))
        #expect(A.backoff(attempt: 1000, random: 0) == .seconds(15))
        #expect(A.backoff(attempt: 0, floor: .seconds(3), random: 1) == .seconds(3))
    }

    @Test func retryAfterForms() {
        #expect(A.retryAfter("7", now: 0) == .seconds(7))
        #expect(A.retryAfter("100000", now: 0) == .seconds(600))
        #expect(A.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: 784_111_767) == .seconds(10))
        #expect(A.retryAfter("soon", now: 0) == nil)
        #expect(A.retryAfter(nil, now: 0) == nil)
    }

    /// Issue "Tests that bite".
    /// The answers the classification table test did not name.
    @Test(arguments: [
        (403, nil as String?, A.StreamAnswer.password),
        (400, "broadcast_password_invalid", .password),
        (401, nil, .password),
        (408, nil, .retry(.serverTrouble, after: nil)),
        (425, nil, .retry(.serverTrouble, after: nil)),
        (500, nil, .retry(.serverTrouble, after: nil)),
        (301, nil, .terminal(.redirected)),
        (302, nil, .terminal(.redirected)),
        (307, nil, .terminal(.redirected)),
        (308, nil, .terminal(.redirected)),
        (410, nil, .terminal(.ended)),
        (418, nil, .terminal(.refused)),
    ])
    func answer(status: Int, code: String?, expected: A.StreamAnswer) {
        #expect(A.classify(status: status, errorCode: code, contentType: "application/json", retryAfter: nil) == expected)
    }
}

import Foundation
import Testing
import SimWire
@testable import vas_host

/// vas-host without a network: its options, the addresses it connects to, the ticket answer,
/// the pings and pongs that end a session, and what the listener sends of each line.
@Suite struct VasHostTests {
    @Test func theWebSocketAddressFollowsTheServers() {
        #expect(HostCommand.webSocketURL("http://127.0.0.1:8080", "/ws") == "ws://127.0.0.1:8080/ws")
        #expect(HostCommand.webSocketURL("https://vas.example.com", "/ws") == "wss://vas.example.com/ws")
        #expect(HostCommand.webSocketURL("https://vas.example.com:8443", "/ws/notifications?token=abc")
                == "wss://vas.example.com:8443/ws/notifications?token=abc")
        #expect(HostCommand.webSocketURL("http://[::1]:9000", "/ws") == "ws://[::1]:9000/ws")
    }

    @Test func theKeyIsTheOptionElseTheEnvironment() {
        #expect(HostCommand.key(given: "vas_given", environment: ["VAS_API_KEY": "vas_env"]) == "vas_given")
        #expect(HostCommand.key(given: nil, environment: ["VAS_API_KEY": "vas_env"]) == "vas_env")
        #expect(HostCommand.key(given: nil, environment: ["VAS_API_KEY": ""]) == nil)
        #expect(HostCommand.key(given: nil, environment: ["OTHER": "x"]) == nil)
        #expect(HostCommand.key(given: "", environment: ["VAS_API_KEY": "vas_env"]) == "")  // given, even empty
    }

    @Test func theHostsOptionsAreChecked() throws {
        let parsed = try HostCommand.parse(["--server", "https://vas.example.com", "--ticket", "T1", "--token", "b7c2"])
        #expect(parsed.server == "https://vas.example.com")
        #expect(parsed.ticket == "T1")
        #expect(parsed.token == "b7c2")
        let defaults = try HostCommand.parse(["--api-key", "vas_k"])
        #expect(defaults.server == "http://127.0.0.1:8080")
        #expect(defaults.token == "a3f9")
        #expect(defaults.key == "vas_k")
        #expect(throws: (any Error).self) { try HostCommand.parse(["--ticket", "T1", "--server", "127.0.0.1:8080"]) }
        #expect(throws: (any Error).self) { try HostCommand.parse(["--ticket", "T1", "--server", "ws://127.0.0.1:8080"]) }
        // Neither a key nor a ticket: refused, unless the environment holds a key.
        if HostCommand.key(given: nil, environment: ProcessInfo.processInfo.environment) == nil {
            #expect(throws: (any Error).self) { try HostCommand.parse([]) }
        } else {
            _ = try HostCommand.parse([])
        }
    }

    @Test func theListenersOptionsAreChecked() throws {
        #expect(throws: (any Error).self) { try ListenCommand.parse([]) }
        let given = try ListenCommand.parse(["--token", "a.b.c", "--server", "http://127.0.0.1:9000"])
        #expect(given.connectionToken == "a.b.c")
        #expect(given.url == "ws://127.0.0.1:9000/ws/notifications?token=a.b.c")
    }

    @Test func theListenerSignsATokenWithTheSecret() throws {
        let listen = try ListenCommand.parse(["--jwt-secret", "s3cret"])
        let token = listen.connectionToken
        try JWTCheck(secret: "s3cret").verify(token)
        try JWTCheck(secret: "s3cret").verify(token, now: Date().addingTimeInterval(3500))  // an hour
        #expect(throws: JWTCheck.Failure.expired) { try JWTCheck(secret: "s3cret").verify(token, now: Date().addingTimeInterval(3700)) }
        #expect(throws: JWTCheck.Failure.badSignature) { try JWTCheck(secret: "other").verify(token) }
        // A token is letters, digits, - and _ and dots: the address carries it as it is.
        #expect(listen.url == "ws://127.0.0.1:8080/ws/notifications?token=" + token)
    }

    @Test func theListenerCanSignAnExpiredToken() throws {
        let listen = try ListenCommand.parse(["--jwt-secret", "s3cret", "--expired"])
        #expect(throws: JWTCheck.Failure.expired) { try JWTCheck(secret: "s3cret").verify(listen.connectionToken) }
        try JWTCheck(secret: "s3cret").verify(listen.connectionToken, now: Date().addingTimeInterval(-120))
    }

    @Test func aTokenGivenIsPercentEncodedInTheAddress() throws {
        let listen = try ListenCommand.parse(["--token", "a b\"c"])
        #expect(listen.url == "ws://127.0.0.1:8080/ws/notifications?token=a%20b%22c")
    }

    @Test func theListenerSendsLinesAsTheyAre() {
        #expect(ListenCommand.message(for: #"{"type":"subscribe","data":{"channel":"broadcast:a3f9"}}"#)
                == .send(#"{"type":"subscribe","data":{"channel":"broadcast:a3f9"}}"#))
        #expect(ListenCommand.message(for: #"  {"type":"ping"}  "#) == .send(#"{"type":"ping"}"#))
        #expect(ListenCommand.message(for: "not json") == .send("not json"))  // the server says invalid_request
        #expect(ListenCommand.message(for: "/quit") == .quit)
        #expect(ListenCommand.message(for: " /quit ") == .quit)
        #expect(ListenCommand.message(for: "/live") == .send("/live"))  // no host commands here
        #expect(ListenCommand.message(for: "") == .nothing)
        #expect(ListenCommand.message(for: "   ") == .nothing)
    }

    /// The ping sent at the end is told as a ping, the server's answer as a pong, and neither
    /// as the other: the session ends at the right message.
    @Test func thePingsAndPongsAreTold() {
        #expect(HostCommand.isPing(HostCommand.ping))
        #expect(!HostCommand.isPong(HostCommand.ping))
        var typed = HostLine(token: "a3f9")
        guard case .send(let asked) = typed.message(for: "/ping") else { Issue.record("/ping not sent"); return }
        #expect(HostCommand.isPing(asked))  // a person's /ping is counted too
        let pong = #"{"data":{"action":"pong","timestamp":1700000000},"type":"health"}"#
        #expect(HostCommand.isPong(pong))
        #expect(!HostCommand.isPing(pong))
        for other in [#"{"data":{"action":"ping"},"type":"voice-translation"}"#,
                      #"{"data":{"message":"ping","type":"status"},"type":"status"}"#,
                      #"{"data":{"action":"pong"},"type":"health"}"#] {
            #expect(!HostCommand.isPing(other), "\(other)")
        }
        #expect(!HostCommand.isPong(#"{"data":{"error_code":"unknown_action","message":"pong"},"type":"error"}"#))

        #expect(ListenCommand.isPing(ListenCommand.ping))
        #expect(!ListenCommand.isPong(ListenCommand.ping))
        #expect(ListenCommand.isPong(#"{"data":{"timestamp":1700000000},"type":"pong"}"#))
        #expect(!ListenCommand.isPing(#"{"data":{"timestamp":1700000000},"type":"pong"}"#))
        #expect(!ListenCommand.isPong(#"{"data":{"status":"live"},"type":"status_update"}"#))
    }

    /// Each pong answers the oldest ping: the person's is printed, the timer's is not, and the
    /// last one's (at the end of the input) ends the session.
    @Test func theSessionEndsAtThePongOfTheLastPing() {
        let pings = Pings()
        #expect(pings.pong() == nil)          // a pong before any ping of ours: printed
        pings.sent(.last)
        #expect(pings.pong() == .last)        // nothing typed: the first pong ends it

        let busy = Pings()
        busy.sent(.person)                    // the person typed /ping, the timer pinged, /ping again
        busy.sent(.health)
        busy.sent(.person)
        #expect(busy.pong() == .person)
        #expect(busy.pong() == .health)       // not printed
        busy.sent(.last)
        #expect(busy.pong() == .person)
        #expect(busy.pong() == .last)         // ours
        busy.sent(.person)
        busy.reset()                          // a new connection: nothing is waiting
        #expect(busy.pong() == nil)
    }

    /// A dropped connection is opened again after 1, 2, 4, 8, 16, then 30 s, up to the attempts.
    @Test func reconnectionWaitsLongerEachTry() {
        let backoff = Relay.Backoff(attempts: 8)
        #expect((1...8).compactMap { backoff.delay(try: $0) } == [1, 2, 4, 8, 16, 30, 30, 30])
        #expect(backoff.delay(try: 9) == nil && backoff.delay(try: 0) == nil)
    }

    /// Lost, going away, a server error or restart: opened again. Closed normally, or refused
    /// (too large, a policy, our own mistake): not.
    @Test func whichClosesAreDrops() {
        #expect(Relay.reconnects(after: nil))
        for code in [1001, 1006, 1011, 1012, 1013, 1014] as [UInt16] { #expect(Relay.reconnects(afterCode: code), "\(code)") }
        for code in [1000, 1002, 1008, 1009, 4401] as [UInt16] { #expect(!Relay.reconnects(afterCode: code), "\(code)") }
    }

    /// A line typed while no connection is open waits for the next one, in order; the end of the
    /// input comes after it.
    @Test func theOutboxKeepsWhatWasTypedBetweenConnections() async {
        let outbox = Outbox()
        outbox.send("a")
        let first = outbox.attach()
        outbox.send("b")
        outbox.detach()
        outbox.send("c")
        outbox.endInput()
        var firstTexts: [String] = []
        for await item in first { if case .text(let text) = item { firstTexts.append(text) } }
        #expect(firstTexts == ["a", "b"])
        var second: [String] = []
        for await item in outbox.attach() {
            switch item {
            case .text(let text): second.append(text)
            case .end: second.append("END")
            }
            if second.last == "END" { break }
        }
        #expect(second == ["c", "END"] && outbox.inputEnded)
    }

    /// The listener remembers the channels the server confirmed, to subscribe again after a drop.
    @Test func theListenerSubscribesAgainToItsChannels() {
        let channels = ListenCommand.Channels()
        channels.note(#"{"type":"subscribed","data":{"channel":"broadcast:a3f9"}}"#)
        channels.note(#"{"type":"subscribed","data":{"channel":"conversation:c1"}}"#)
        channels.note(#"{"type":"subscribed","data":{"channel":"broadcast:a3f9"}}"#)
        channels.note(#"{"type":"unsubscribed","data":{"channel":"conversation:c1"}}"#)
        channels.note(#"{"type":"subscribe","data":{"channel":"nocolon"}}"#)  // asked, never confirmed
        channels.note(#"{"type":"error","data":{"error_code":"subscription_failed","channel":"room:x"}}"#)
        #expect(channels.subscriptions == [#"{"data":{"channel":"broadcast:a3f9"},"type":"subscribe"}"#])
    }

    @Test func aTicketIsTakenFromTheAnswer() throws {
        #expect(try HostCommand.ticket(from: Data(#"{"ticket":"abcd1234","expires_in":60}"#.utf8), status: 200) == "abcd1234")
    }

    @Test(arguments: [
        (#"{"error_code":"auth_invalid_api_key","message":"The API key is not valid","severity":"error"}"#, 401,
         "no ticket: auth_invalid_api_key — The API key is not valid"),
        (#"{"error_code":"auth_missing_api_key"}"#, 401, "no ticket: auth_missing_api_key — "),
        ("<html>Bad gateway</html>", 502, "no ticket: HTTP 502 — "),
        (#"{"ticket":"abcd1234"}"#, 201, "no ticket: HTTP 201 — "),  // a ticket, but not a 200
        (#"{"ticket":42}"#, 200, "no ticket: HTTP 200 — "),         // a 200 without a ticket
        ("", 200, "no ticket: HTTP 200 — "),
    ])
    func aRefusedTicketIsSaidWithItsCode(body: String, status: Int, said: String) {
        #expect(ticketFailure(body, status) == said)
    }

    @Test func noStatusIsHTTP0() {
        #expect(ticketFailure("{}", nil) == "no ticket: HTTP 0 — ")
    }

    func ticketFailure(_ body: String, _ status: Int?) -> String? {
        do {
            _ = try HostCommand.ticket(from: Data(body.utf8), status: status)
            return nil
        } catch let failure as Failure {
            return failure.description
        } catch {
            return "another error: \(error)"
        }
    }

    /// What a person reads: no token in a URL, no terminal control characters, and the hint that
    /// fits the failure.
    @Test func whatIsSaidIsSafeAndToThePoint() {
        #expect(Relay.shown("ws://h:1/ws/notifications?token=eyJ.abc.def") == "ws://h:1/ws/notifications?token=…")
        #expect(Relay.shown("ws://h:1/ws/notifications?token=eyJ.abc&x=1") == "ws://h:1/ws/notifications?token=…&x=1")
        #expect(Relay.shown("ws://h:1/ws") == "ws://h:1/ws")
        #expect(Relay.clean("Evil\u{1B}[31m\u{7}\u{9B}\u{202E}x\nnext") == "Evil[31mx\nnext")
        #expect(HostCommand.hint("https://localhost:8080", "no answer within 10 s") == " If it is a plain-HTTP server (as vas-sim is), give --server http://localhost:8080.")
        #expect(HostCommand.hint("wss://localhost:8080/ws/notifications?token=…", "no answer within 10 s")
                == " If it is a plain-HTTP server (as vas-sim is), give --server http://localhost:8080.")
        #expect(HostCommand.hint("http://localhost:8080", "no answer within 10 s") == "")
        #expect(HostCommand.hint("http://localhost:1", "nothing answers there (connection refused)") == " Is vas-sim running there?")
        #expect(HostCommand.hint("http://nowhere.invalid", "no such host (the name does not resolve)") == "")
    }

    /// /help is a command; a speaker's label follows /rename's rule.
    @Test func helpAndLabels() {
        var line = HostLine(token: "a3f9")
        guard case .note(let help) = line.message(for: "/help") else { Issue.record("/help is not a command"); return }
        #expect(help.contains("/start zh-TW en-US ja-JP"))
        guard case .note(let refused) = line.message(for: "/speaker G2 Evil\u{1B}[31m") else { Issue.record("a label with ESC was taken"); return }
        #expect(refused.contains("without control characters"))
        #expect(line.message(for: "/speaker G2 " + String(repeating: "x", count: 101)) != .note("speaker G2 (\(String(repeating: "x", count: 101)))"))
        #expect(line.message(for: "/speaker G2 王經理") == .note("speaker G2 (王經理)"))
    }

    @Test func aRefusedConnectionIsSaidPlainly() {
        struct Refused: Error, CustomStringConvertible { let description: String }
        let said = "nothing answers there (connection refused)"
        #expect(HostCommand.reason(Refused(description: "connect(descriptor:addr:size:): Connection refused (errno: 111)")) == said)
        #expect(HostCommand.reason(Refused(description: "Connection refused")) == said)
        #expect(HostCommand.reason(Refused(description: "NSURLErrorDomain -1004")) == said)
        #expect(HostCommand.reason(Refused(description: "Host unreachable (errno: 113)")) == "Host unreachable (errno: 113)")
    }
}

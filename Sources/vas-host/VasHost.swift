import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import SimWire
import Synchronization
import Logging
import WSClient

/// vas-host: the clients of vas-sim's (and VAS's) WebSockets. `vas-host` drives a broadcast
/// as its host; `vas-host listen` is a notification subscriber. They are a program of their
/// own because a WebSocket client brings TLS (BoringSSL) with it, which vas-sim, built by
/// `make demo`, does not need.
@main
struct VasHost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vas-host",
        abstract: "Drive a VAS broadcast as its host (vas-host, the default), or listen to its notifications (vas-host listen).",
        subcommands: [HostCommand.self, ListenCommand.self],
        defaultSubcommand: HostCommand.self
    )
}

/// `vas-host`: a person (or a test) as the broadcast's host. It takes a ticket with the
/// API key, opens the host WebSocket, and turns each line typed into a message (docs/vas-sim.md):
/// a plain line is a sentence spoken, `/live`, `/announce …` and the others are actions, and a
/// line that starts with `{` is sent as it is. Every message from the server is printed as a
/// JSON line.
struct HostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Drive a broadcast as its host over the WebSocket API: type sentences, go live, announce, stop.",
        discussion: HostLine.help
    )

    @Option(help: "The vas-sim (or VAS) server.")
    var server = "http://127.0.0.1:8080"

    @Option(help: "The host's API key (vas-sim --scenario live prints its development key; default: $VAS_API_KEY, kept out of the process list).")
    var apiKey: String?

    @Option(help: "Use this ticket instead of taking one with the API key (to see a used or expired one refused).")
    var ticket: String?

    var key: String? { Self.key(given: apiKey, environment: ProcessInfo.processInfo.environment) }

    /// `--api-key`, else a non-empty `VAS_API_KEY`.
    static func key(given: String?, environment: [String: String]) -> String? {
        given ?? environment["VAS_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        guard key != nil || ticket != nil else { throw ValidationError("give --api-key or VAS_API_KEY (vas-sim --scenario live prints one), or --ticket.") }
        guard server.hasPrefix("http://") || server.hasPrefix("https://") else {
            throw ValidationError("--server is an address like http://127.0.0.1:8080 (with http://).")
        }
    }

    @Option(help: "The broadcast /start names (its share token); the other actions act on the session started.")
    var token = "a3f9"

    @Option(help: ArgumentHelp("Seconds between health pings (seed 000 recommends one every 30 s, so that the connection does not time out).", visibility: .hidden))
    var healthInterval = 30.0

    func run() async throws {
        let given = ticket
        let server = self.server
        let key = self.key
        let lines = TypedLines(HostLine(token: token))
        let session = SessionWatch()
        try await Relay(
            connect: { again in
                // A ticket works once: a connection opened again needs a new one, from the key.
                if again, key == nil { throw Failure("a ticket works once, and no API key was given to take a new one (--api-key or VAS_API_KEY)") }
                let ticket = try await (again || given == nil) ? Self.ticket(server: server, key: key ?? "") : given!
                return (Self.webSocketURL(server, "/ws"), [.secWebSocketProtocol: "ticket.\(ticket)"])
            },
            ping: Self.ping, isPing: Self.isPing, isPong: Self.isPong, health: healthInterval > 0 ? healthInterval : nil,
            canReconnect: key != nil,
            // The server paused the broadcast when the connection dropped: a broadcast that was running
            // before goes on (a pause the host asked for stays).
            resend: { session.wasRunning ? [Self.resume] : [] },
            heard: { session.note($0) },
            connected: "connected as the host of broadcast \(token) (/help lists the commands)",
            reconnected: "reconnected with a new ticket; a broadcast the drop paused is resumed",
            ended: { session.leftWithoutStop ? "left without /stop: the server pauses the broadcast, and ends it unless a host comes back and sends /resume" : nil },
            message: { lines.message(for: $0) }
        ).run()
    }

    static let resume = HostLine.envelope("voice-translation", ["action": "resume"])

    /// What the server said of the session, to say what leaving means and to go on after a drop.
    final class SessionWatch: Sendable {
        private let state = Mutex((started: false, stopped: false, paused: false))

        func note(_ text: String) {
            guard let data = Wire.parse(text)?["data"] as? [String: Any] else { return }
            let action = data["action"] as? String
            let status = data["status"] as? String
            state.withLock { state in
                if action == "session_started" || (action == "status" && status == "paused") { state.started = true }
                if action == "status", status == "paused" { state.paused = true }
                if action == "status", status == "resumed" { state.paused = false }
                if action == "task_complete" || status == "stopped" || status == "ended" || data["error_code"] as? String == "session_ended" {
                    state.stopped = true
                }
            }
        }

        var leftWithoutStop: Bool { state.withLock { $0.started && !$0.stopped } }
        /// Started, not stopped, not paused by the host: what a drop interrupted.
        var wasRunning: Bool { state.withLock { $0.started && !$0.stopped && !$0.paused } }
    }

    /// The host WebSocket's ping, sent at the end of the input, and how a ping and a pong are told.
    static let ping = HostLine.envelope("health", ["action": "ping"])
    @Sendable static func isPing(_ text: String) -> Bool { text.contains(#""type":"health""#) && text.contains(#""action":"ping""#) }
    @Sendable static func isPong(_ text: String) -> Bool { text.contains(#""action":"pong""#) }

    /// The host's lines, read one after the other by the sending task alone.
    final class TypedLines: Sendable {
        private let line: Mutex<HostLine>
        init(_ line: sending HostLine) { self.line = Mutex(line) }
        func message(for typed: String) -> HostLine.Outcome { line.withLock { $0.message(for: typed) } }
    }

    static func webSocketURL(_ server: String, _ path: String) -> String {
        (server.hasPrefix("https") ? "wss" : "ws") + server.drop { $0 != ":" } + path
    }

    /// A refused handshake in one sentence: the status, the error code and its message.
    static func refusal(status: Int?, error: [String: Any]?) -> String {
        let code = error?["error_code"] as? String
        let message = error?["message"] as? String
        var words = status.map { "HTTP \($0)" } ?? "no answer"
        if let code { words += " \(code)" }
        if let message { words += " — \(message)" }
        if let code, code.hasPrefix("ticket_") { words += " (a ticket works once, and only for a short while: take a new one with the API key)" }
        return words
    }

    /// The answer to the handshake sent again as plain HTTP: its status and body.
    static func handshakeAnswer(url: String, headers: HTTPFields) async -> (Int?, String?) {
        let http = (url.hasPrefix("wss") ? "https" : "http") + url.drop { $0 != ":" }
        guard let address = URL(string: http) else { return (nil, nil) }
        var request = URLRequest(url: address)
        request.timeoutInterval = 10
        for field in headers { request.setValue(field.value, forHTTPHeaderField: field.name.rawName) }
        request.setValue("websocket", forHTTPHeaderField: "Upgrade")
        request.setValue("Upgrade", forHTTPHeaderField: "Connection")
        request.setValue("13", forHTTPHeaderField: "Sec-WebSocket-Version")
        request.setValue(Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(), forHTTPHeaderField: "Sec-WebSocket-Key")
        guard let (data, response) = try? await URLSession.shared.data(for: request) else { return (nil, nil) }
        return ((response as? HTTPURLResponse)?.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// A connection's failure in words: the usual ones named, the rest as the library said them.
    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("errno: 111") || text.contains("Connection refused") || text.contains("-1004") { return "nothing answers there (connection refused)" }
        if text.contains("Code=-1001") || text.contains("timed out") || error is Relay.NoAnswer { return "no answer within 10 s" }
        if text.contains("Code=-1003") || text.contains("UnknownHost") || text.contains("not known") { return "no such host (the name does not resolve)" }
        if text.contains("cannotUseIPAddressInSNI") {
            return "TLS (https, wss) to an IP address needs a host name instead (https://localhost:PORT), or give http:// if it is a plain-HTTP server"
        }
        if text.contains("Code=-1000") { return "not a usable address" }
        return text
    }

    /// What to try, after a failure's reason: an https (wss) server that gave no answer may be a
    /// plain-HTTP one; one that refused may not be running.
    static func hint(_ address: String, _ reason: String) -> String {
        let secure = address.hasPrefix("https://") || address.hasPrefix("wss://")
        if secure, reason == "no answer within 10 s" {
            let rest = address.drop { $0 != ":" }.dropFirst(3).prefix { $0 != "/" }
            return " If it is a plain-HTTP server (as vas-sim is), give --server http://\(rest)."
        }
        return reason.hasPrefix("nothing answers there") ? " Is vas-sim running there?" : ""
    }

    /// `POST /api/v1/auth/ticket` with the key; a refusal is said with its error code.
    static func ticket(server: String, key: String) async throws -> String {
        guard let url = URL(string: server + "/api/v1/auth/ticket") else { throw ValidationError("'\(server)' is not a server address.") }
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        request.httpMethod = "POST"
        request.setValue(key, forHTTPHeaderField: "X-API-Key")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            let why = reason(error)
            throw Failure("cannot reach \(server): \(why).\(hint(server, why))", passing: true)
        }
        return try ticket(from: data, status: (response as? HTTPURLResponse)?.statusCode)
    }

    /// The ticket in an answer to `POST /api/v1/auth/ticket`; a refusal is said with its error code.
    static func ticket(from data: Data, status: Int?) throws -> String {
        let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard status == 200, let ticket = body["ticket"] as? String else {
            throw Failure("no ticket: \(body["error_code"] as? String ?? "HTTP \(status ?? 0)") — \(body["message"] as? String ?? "")")
        }
        return ticket
    }

}

/// `vas-host listen`: the notification service (seed 002) as a subscriber sees it. Each line
/// typed is sent as it is (`{"type":"subscribe","data":{"channel":"broadcast:a3f9"}}`), and
/// every message is printed as a JSON line.
struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Connect to the notification service (/ws/notifications) and print what arrives.",
        discussion: """
            Type JSON messages: {"type":"subscribe","data":{"channel":"broadcast:a3f9"}}, \
            {"type":"unsubscribe","data":{"channel":"broadcast:a3f9"}}, {"type":"ping"}. \
            The token is --token, or one signed here with --jwt-secret (the one vas-sim was given).
            """
    )

    @Option(help: "The vas-sim server.")
    var server = "http://127.0.0.1:8080"

    @Option(help: "The token (JWT) to connect with (default: $VAS_NOTIFICATION_TOKEN, kept out of the process list).")
    var token: String?

    var givenToken: String? {
        token ?? ProcessInfo.processInfo.environment["VAS_NOTIFICATION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    @Option(help: "Sign a token with this secret (HS256) instead of giving one.")
    var jwtSecret: String?

    @Flag(help: "With --jwt-secret: sign one that expired a minute ago.")
    var expired = false

    func validate() throws {
        guard givenToken != nil || jwtSecret != nil else { throw ValidationError("give --token (or VAS_NOTIFICATION_TOKEN), or --jwt-secret to sign one.") }
        guard server.hasPrefix("http://") || server.hasPrefix("https://") else {
            throw ValidationError("--server is an address like http://127.0.0.1:8080 (with http://).")
        }
    }

    func run() async throws {
        let url = self.url
        let channels = Channels()
        // Seed 002 recommends reconnecting after a drop: the same token, and the channels again.
        try await Relay(
            connect: { _ in (url, [:]) },
            ping: Self.ping, isPing: Self.isPing, isPong: Self.isPong, health: nil,
            resend: { channels.subscriptions },
            heard: { channels.note($0) },
            connected: #"connected to the notification service: subscribe with {"type":"subscribe","data":{"channel":"broadcast:TOKEN"}}"#,
            reconnected: "reconnected; subscribing again to the channels it had",
            message: Self.message(for:)
        ).run()
    }

    /// The channels subscribed to, as the server confirmed them (`subscribed`, `unsubscribed`),
    /// to subscribe again after a drop.
    final class Channels: Sendable {
        private let channels = Mutex<[String]>([])

        func note(_ text: String) {
            guard let message = Wire.parse(text), let type = message["type"] as? String,
                  let channel = (message["data"] as? [String: Any])?["channel"] as? String else { return }
            channels.withLock { channels in
                if type == "subscribed", !channels.contains(channel) { channels.append(channel) }
                if type == "unsubscribed" { channels.removeAll { $0 == channel } }
            }
        }

        var subscriptions: [String] {
            channels.withLock { $0.map { Wire.text(["type": "subscribe", "data": ["channel": $0]]) } }
        }
    }

    /// The notification service's ping, sent at the end of the input, and how a ping and a pong are told.
    static let ping = #"{"type":"ping"}"#
    @Sendable static func isPing(_ text: String) -> Bool { text.contains(#""type":"ping""#) }
    @Sendable static func isPong(_ text: String) -> Bool { text.contains(#""type":"pong""#) }

    /// The token given, or one signed with the secret: valid for an hour, or expired a minute ago.
    var connectionToken: String {
        givenToken ?? JWTCheck(secret: jwtSecret ?? "").sign(subject: "vas-host listen", expiresIn: expired ? -60 : 3600)
    }

    /// The notification WebSocket's address, the token in its query.
    var url: String {
        let query = connectionToken.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? connectionToken
        return HostCommand.webSocketURL(server, "/ws/notifications?token=\(query)")
    }

    /// A line typed is sent as it is; `/quit` ends.
    @Sendable static func message(for typed: String) -> HostLine.Outcome {
        let typed = typed.trimmingCharacters(in: .whitespaces)
        if typed == "/quit" { return .quit }
        return typed.isEmpty ? .nothing : .send(typed)
    }
}

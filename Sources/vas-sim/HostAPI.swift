import Foundation
import SimWire
import Synchronization
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging

/// The host's credentials (seed 000): one API key, and the one-time tickets it buys.
actor Tickets {
    enum Refusal: Error, Sendable {
        case missingKey, badKeyFormat, unknownKey
        case noTicket, ticketInvalid, ticketExpired, ticketAlreadyUsed

        var code: String {
            switch self {
            case .missingKey: "auth_missing_api_key"
            case .badKeyFormat: "auth_invalid_key_format"
            case .unknownKey: "auth_invalid_api_key"
            case .noTicket, .ticketInvalid: "ticket_invalid"
            case .ticketExpired: "ticket_expired"
            case .ticketAlreadyUsed: "ticket_already_used"
            }
        }

        var message: String {
            switch self {
            case .missingKey: "Missing X-API-Key header"
            case .badKeyFormat: "An API key is vas_ followed by 32 letters and digits"
            case .unknownKey: "Invalid API key"
            case .noTicket: "No ticket: give it as Sec-WebSocket-Protocol: ticket.TICKET (POST /api/v1/auth/ticket gives one)"
            case .ticketInvalid: "Ticket invalid or expired"
            case .ticketExpired: "Ticket expired"
            case .ticketAlreadyUsed: "Ticket already used"
            }
        }

        /// The answer's body: seed 000's error fields, with a request id and the time.
        var json: String { Wire.text(HostSockets.errorBody(code, message, context: "auth")) }
    }

    let apiKey: String
    let lifetime: Double
    private var expiries: [String: Date] = [:]
    private var used: Set<String> = []

    init(apiKey: String, lifetime: Double) {
        self.apiKey = apiKey
        self.lifetime = lifetime
    }

    /// `vas_` and 32 letters or digits, as the dashboard makes them.
    static func isWellFormed(_ key: String) -> Bool {
        key.hasPrefix("vas_") && key.count == 36 && key.dropFirst(4).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    static func random(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { _ in alphabet.randomElement()! })
    }

    /// A ticket for a well-formed, known key.
    func issue(key: String?) throws(Refusal) -> String {
        guard let key, !key.isEmpty else { throw .missingKey }
        guard Self.isWellFormed(key) else { throw .badKeyFormat }
        guard key == apiKey else { throw .unknownKey }
        let ticket = Self.random(32)
        expiries[ticket] = Date().addingTimeInterval(lifetime)
        return ticket
    }

    /// Why `ticket` cannot open a connection, without using it up; nil when it can.
    func problem(_ ticket: String?) -> Refusal? {
        guard let ticket else { return .noTicket }
        guard let expiry = expiries[ticket] else { return .ticketInvalid }
        if used.contains(ticket) { return .ticketAlreadyUsed }
        if expiry < Date() { return .ticketExpired }
        return nil
    }

    /// Uses the ticket up (once only); nil when it opened the connection.
    func redeem(_ ticket: String?) -> Refusal? {
        if let problem = problem(ticket) { return problem }
        used.insert(ticket!)
        return nil
    }

    /// The ticket in `Sec-WebSocket-Protocol: ticket.T` (a list may hold others).
    static func ticket(inProtocols header: String?) -> String? {
        header?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("ticket.") }.map { String($0.dropFirst(7)) }
    }
}

/// The two WebSockets: the host's (`/ws`, a ticket in `Sec-WebSocket-Protocol`) and the
/// notification service's (`/ws/notifications?token=JWT`). A refused handshake is not upgraded:
/// it is answered 401 with the JSON error (seed 000's ticket errors), by `SocketChannel`.
enum HostSockets {
    static func server(_ simulation: Simulation, tickets: Tickets, jwt: JWTCheck) -> HTTPServerBuilder {
        SocketChannel.builder { request in await handshake(request, simulation, tickets: tickets, jwt: jwt) }
    }

    static func handshake(_ request: HTTPRequest, _ simulation: Simulation, tickets: Tickets, jwt: JWTCheck) async -> Handshake {
        let path = request.path ?? ""
        if path == "/ws" || path.hasPrefix("/ws?") {
            let offered = Tickets.ticket(inProtocols: request.headerFields[.secWebSocketProtocol])
            if let refusal = await tickets.redeem(offered) {
                await simulation.count("host_refused")
                log("refused a host connection: \(refusal.code)")
                return .refuse(status: 401, json: refusal.json)
            }
            // The ticket is echoed back as the chosen subprotocol.
            let echo: HTTPFields = offered.map { [.secWebSocketProtocol: "ticket.\($0)"] } ?? [:]
            return .upgrade(echo) { inbound, outbound in
                await HostConnection(simulation: simulation).run(inbound, outbound)
            }
        }
        if path == "/ws/notifications" || path.hasPrefix("/ws/notifications?") {
            do {
                // The query read as the router reads it (Hummingbird's URI, percent-decoded).
                try jwt.verify(String(URI(path).queryParameters.get("token") ?? ""))
            } catch {
                log("refused a notification connection: unauthorized (\(error.reason))")
                return .refuse(status: 401, json: Wire.text(errorBody("unauthorized", "\(JWTCheck.requirement); \(error.reason)", context: "auth")))
            }
            return .upgrade([:]) { inbound, outbound in
                await NotificationConnection(simulation: simulation).run(inbound, outbound)
            }
        }
        return .dontUpgrade
    }

    /// What the host side did, one line on standard error (the console of `vas-sim serve`).
    static func log(_ line: String) {
        FileHandle.standardError.write(Data("vas-sim: \(line)\n".utf8))
    }

    /// The error message of seed 000: code, severity, message, context, request id, time.
    static func error(_ code: String, _ message: String, severity: String = "error", context: String) -> String {
        text(["type": "error", "data": errorBody(code, message, severity: severity, context: context)])
    }

    /// An error's fields, as every VAS error carries them (and REST answers as their body).
    static func errorBody(_ code: String, _ message: String, severity: String = "error", context: String) -> [String: Any] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return ["error_code": code, "severity": severity, "message": message, "context": context,
                "request_id": "req_" + Tickets.random(12).lowercased(), "timestamp": formatter.string(from: Date())]
    }

    static func text(_ object: [String: Any]) -> String { Wire.text(object) }

    static func parse(_ text: String) -> [String: Any]? { Wire.parse(text) }
}

/// One host connection: every message answered, a mistake answered with an `error` message
/// and the connection kept (a fatal one closes it).
struct HostConnection {
    let simulation: Simulation
    static let maxMessage = 1 << 20

    static let nextID = Atomic(1)

    /// Answers and the viewers' news go out through one queue, in order. A connection that closes
    /// without `stop` is a host that dropped (`Simulation.hostDisconnected`).
    func run(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async {
        let id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        await simulation.count("host_connections")
        HostSockets.log("a host connected")
        let (queue, outlet) = AsyncStream.makeStream(of: String.self)
        await simulation.hostConnected(id, outlet) {
            try? await outbound.close(.goingAway, reason: "vas-sim dropped the connection")
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in queue { try? await outbound.write(.text(text)) }
            }
            var tooLarge = false
            do {
                for try await message in inbound.messages(maxSize: Self.maxMessage) {
                    guard case .text(let text) = message else {
                        outlet.yield(HostSockets.error("invalid_message", "Messages are JSON text, not binary frames", context: "message"))
                        continue
                    }
                    for reply in await handle(text) { outlet.yield(reply) }
                }
            } catch {
                // Too large a message (or a broken frame): said, then the connection is closed.
                tooLarge = true
                outlet.yield(HostSockets.error("message_too_large", "A message is at most \(Self.maxMessage) bytes", severity: "fatal", context: "message"))
            }
            HostSockets.log("a host left")
            await simulation.hostDisconnected(id)  // finishes the queue: what is in it is still written
            await group.waitForAll()
            if tooLarge { try? await outbound.close(.messageTooLarge, reason: "message too large") }
        }
    }

    func handle(_ text: String) async -> [String] {
        guard let message = HostSockets.parse(text) else {
            return [HostSockets.error("invalid_json", "The message is not a JSON object", context: "message")]
        }
        guard let type = message["type"] as? String, let data = message["data"] as? [String: Any] else {
            return [HostSockets.error("invalid_message", "A message is {\"type\": …, \"data\": {…}}", context: "message")]
        }
        let action = data["action"] as? String ?? ""
        switch type {
        case "health":
            guard action == "ping" else { return [HostSockets.error("unknown_action", "health takes action ping", context: "health")] }
            await simulation.count("health_pings")
            return [HostSockets.text(["type": "health", "data": ["action": "pong", "timestamp": Date().timeIntervalSince1970]])]
        case "voice-translation":
            do {
                let replies = try await simulation.hostAction(action, json: HostSockets.text(data))
                HostSockets.log("host: \(action)")
                return replies
            } catch {
                HostSockets.log("host: \(action.isEmpty ? "(no action)" : action) refused: \(error.code)")
                return [HostSockets.error(error.code, error.message, severity: error.severity, context: error.context)]
            }
        default:
            return [HostSockets.error("unknown_type", "Unknown service type '\(type)': health or voice-translation", context: "message")]
        }
    }
}

/// One notification subscriber (seed 002).
struct NotificationConnection {
    let simulation: Simulation
    static let nextID = Atomic(1)

    func run(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async {
        let id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let (pushed, continuation) = AsyncStream.makeStream(of: String.self)
        await simulation.listen(id, continuation) {
            try? await outbound.close(.goingAway, reason: "vas-sim dropped the connection")
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in pushed { try? await outbound.write(.text(text)) }
            }
            do {
                for try await message in inbound.messages(maxSize: 64 * 1024) {
                    guard case .text(let text) = message else {
                        continuation.yield(HostSockets.error("invalid_request", "Messages are JSON text, not binary frames", context: "notifications"))
                        continue
                    }
                    continuation.yield(await answer(text, id: id))
                }
            } catch {}
            await simulation.stopListening(id)
            continuation.finish()
        }
    }

    func answer(_ text: String, id: Int) async -> String {
        guard let message = HostSockets.parse(text), let type = message["type"] as? String else {
            return HostSockets.error("invalid_request", "A message is {\"type\": …, \"data\": {…}}", context: "notifications")
        }
        let channel = (message["data"] as? [String: Any])?["channel"] as? String ?? message["channel"] as? String
        switch type {
        case "ping":
            return HostSockets.text(["type": "pong", "data": ["timestamp": Date().timeIntervalSince1970]])
        case "subscribe", "unsubscribe":
            // One rule for channels (docs/vas-sim.md): a channel is KIND:ID; vas-sim has one,
            // broadcast:TOKEN. Not of that form: invalid_request; another one: subscription_failed.
            guard let channel, NotificationChannel.isWellFormed(channel) else {
                return HostSockets.error("invalid_request", "\(type) takes data.channel, KIND:ID (this vas-sim has broadcast:\(simulation.settings.token))", context: "notifications")
            }
            if type == "subscribe" {
                guard await simulation.subscribe(id, to: channel) else {
                    return HostSockets.error("subscription_failed", "No such channel: '\(channel)' (this vas-sim has only broadcast:\(simulation.settings.token))", context: "notifications")
                }
                return HostSockets.text(["type": "subscribed", "data": ["channel": channel]])
            }
            guard await simulation.unsubscribe(id, from: channel) else {
                return HostSockets.error("subscription_failed", "Not subscribed to '\(channel)'", context: "notifications")
            }
            return HostSockets.text(["type": "unsubscribed", "data": ["channel": channel]])
        default:
            return HostSockets.error("invalid_request", "Unknown message type '\(type)': subscribe, unsubscribe or ping", context: "notifications")
        }
    }
}

/// The notification service's channels (seed 002 shows `conversation:conv-123`): KIND:ID, each
/// part letters, digits, `-`, `_` or `.`. vas-sim has one channel, `broadcast:TOKEN`.
enum NotificationChannel {
    static func isWellFormed(_ channel: String) -> Bool {
        let parts = channel.split(separator: ":", omittingEmptySubsequences: false)
        let allowed = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || "-_.".contains(c)) }
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.count <= 128 && $0.allSatisfy(allowed) }
    }
}

import Foundation
import HTTPTypes
import Logging
import SimWire
import Synchronization
import WSClient
import NIOWebSocket
import ArgumentParser

/// One WebSocket client session of vas-host: the lines typed become messages, every text message
/// from the server is printed, a health ping goes out on a timer, and a connection that drops is
/// opened again (a new ticket for the host), said each time. At the end of the input it pings and
/// leaves at the answer, so that the answers to everything sent before are printed.
struct Relay: Sendable {
    /// Where to connect, asked again for every connection (the host's ticket works once).
    var connect: @Sendable (_ again: Bool) async throws -> (url: String, headers: HTTPFields)
    /// The ping sent at the end of the input (and on the timer), and how a ping and a pong are told.
    var ping: String
    var isPing: @Sendable (String) -> Bool
    var isPong: @Sendable (String) -> Bool
    /// Seconds between health pings (seed 000 recommends 30 for the host); nil: none.
    var health: Double?
    /// Messages sent first on a connection opened again (the listener's subscriptions).
    var resend: @Sendable () -> [String] = { [] }
    /// Sees every text message from the server (the listener notes what it is subscribed to).
    var heard: @Sendable (String) -> Void = { _ in }
    /// Said when a connection was opened again.
    var reconnected = "reconnected"
    var message: @Sendable (String) -> HostLine.Outcome

    /// Waits between tries to connect again: 1, 2, 4, 8, 16, then 30 s; gives up after `attempts`.
    struct Backoff: Sendable {
        var attempts = 8
        func delay(try number: Int) -> Double? {
            guard number >= 1, number <= attempts else { return nil }
            return min(30, Double(1 << min(number - 1, 5)))
        }
    }
    var backoff = Backoff()

    /// How one connection ended.
    enum End: Sendable, Equatable {
        /// The pong of the last ping came: every answer was printed.
        case done
        /// The server closed it, or it was lost, with the input still open.
        case dropped
    }

    /// Whether a connection that ended with this close (nil: none, the connection was lost) is
    /// opened again: it is when lost, when the server goes away or restarts, or fails on its
    /// side; not when it closed normally, refused something, or said the client was wrong.
    static func reconnects(after close: WebSocketCloseFrame?) -> Bool {
        reconnects(afterCode: close.map { UInt16(webSocketErrorCode: $0.closeCode) })
    }

    /// The rule on close codes (RFC 6455 §7.4): 1001 going away, 1006 lost, 1011 server error,
    /// 1012 restart, 1013 try again later, 1014 bad gateway; nil: no close frame at all.
    static func reconnects(afterCode code: UInt16?) -> Bool {
        guard let code else { return true }
        return [1001, 1006, 1011, 1012, 1013, 1014].contains(code)
    }

    func run() async throws {
        let outbox = Outbox()
        let pings = Pings()
        let reading = Task {
            reading: for await typed in Self.standardInputLines() {
                switch message(typed) {
                case .send(let text): outbox.send(text)
                case .note(let note): Self.say("# " + note)
                case .quit: break reading  // as the end of the input: the answers still come
                case .nothing: break
                }
            }
            outbox.endInput()
        }
        defer { reading.cancel() }
        var again = false
        var tries = 0
        while true {
            let (url, headers): (String, HTTPFields)
            do {
                (url, headers) = try await connect(again)
            } catch let failure as Failure where again && failure.passing {
                // A new ticket could not be had: said, and tried again like a failed connection.
                guard let wait = backoff.delay(try: tries + 1) else { throw Failure("gave up reconnecting after \(tries) tries: \(failure.description)") }
                tries += 1
                Self.say("# cannot reconnect yet (\(failure.description)); trying again in \(Self.seconds(wait))")
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            let (end, close): (End, WebSocketCloseFrame?)
            do {
                (end, close) = try await connection(url: url, headers: headers, outbox: outbox, pings: pings, resend: again ? resend() : [],
                                                    opened: again ? "# " + reconnected : nil)
            } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed {
                // The client does not keep a refused handshake's answer: ask again, as plain HTTP with the
                // same handshake headers, and say the answer (seed 000: 401 and the ticket's error code).
                let (status, body) = await HostCommand.handshakeAnswer(url: url, headers: headers)
                if let body, Wire.parse(body) != nil { Self.say(body) }
                throw Failure("the server refused the connection: " + HostCommand.refusal(status: status, error: body.flatMap(Wire.parse)))
            } catch {
                guard again, let wait = backoff.delay(try: tries + 1) else {
                    if again { throw Failure("gave up reconnecting to \(url) after \(tries) tries: \(HostCommand.reason(error))") }
                    throw Failure("cannot connect to \(url): \(HostCommand.reason(error)). Is vas-sim running there?")
                }
                tries += 1
                Self.say("# cannot reconnect yet (\(HostCommand.reason(error))); trying again in \(Self.seconds(wait))")
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            let said = close.map { " (\($0.closeCode)\($0.reason.map { ": \($0)" } ?? ""))" } ?? ""
            if end == .dropped, !outbox.inputEnded, Self.reconnects(after: close) {
                guard let wait = backoff.delay(try: 1) else { throw Failure("the connection dropped\(said)") }
                again = true
                tries = 1
                Self.say("# the connection dropped\(said.isEmpty ? " (no close frame)" : said); reconnecting in \(Self.seconds(wait))")
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            Self.say("# closed" + said)
            if let close, close.closeCode != .normalClosure, close.closeCode != .goingAway { throw ExitCode(1) }
            return
        }
    }

    /// One connection: the outbox's messages out, the server's in, a health ping on the timer.
    private func connection(url: String, headers: HTTPFields, outbox: Outbox, pings: Pings,
                            resend: [String], opened: String?) async throws -> (End, WebSocketCloseFrame?) {
        var logger = Logger(label: "vas-host")
        logger.logLevel = .error
        let ended = Finished()
        pings.reset()
        let close = try await WebSocketClient.connect(
            url: url, configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers), logger: logger
        ) { inbound, outbound, _ in
            if let opened { Self.say(opened) }
            let items = outbox.attach()
            defer { outbox.detach() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        heard(text)
                        if isPong(text) {
                            switch pings.pong() {
                            case .last?:
                                ended.done.store(true, ordering: .relaxed)
                                return
                            case .health?: continue  // ours, on the timer: not printed
                            case .person?, nil: break
                            }
                        }
                        Self.say(text)
                    }
                }
                group.addTask {
                    for text in resend { try await outbound.write(.text(text)) }
                    for await item in items {
                        switch item {
                        case .text(let text):
                            if isPing(text) { pings.sent(.person) }
                            try await outbound.write(.text(text))
                        case .end:
                            pings.sent(.last)
                            try await outbound.write(.text(ping))
                            try await Task.sleep(for: .seconds(10))  // the answer ends the group first
                            return
                        }
                    }
                    try await Task.sleep(for: .seconds(86_400 * 365))  // the reader ends the connection
                }
                if let health {
                    group.addTask {
                        while true {
                            try await Task.sleep(for: .seconds(health))
                            pings.sent(.health)
                            try await outbound.write(.text(ping))
                        }
                    }
                }
                try await group.next()
                if ended.done.load(ordering: .relaxed) { try? await outbound.close(.normalClosure, reason: nil) }
                group.cancelAll()
            }
        }
        return (ended.done.load(ordering: .relaxed) ? .done : .dropped, close)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Lines typed (or piped) on standard input, read on a thread of their own.
    static func standardInputLines() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let thread = Thread {
            while let line = readLine() { continuation.yield(line) }
            continuation.finish()
        }
        thread.start()
        return stream
    }
}

/// Whether the pong of the last ping came, set by the reading task.
final class Finished: Sendable {
    let done = Atomic(false)
}

/// A failure said in one sentence (exit 1), not as a usage mistake. `passing`: the server could
/// not be reached, which trying again later may mend (a refusal will not be).
struct Failure: Error, CustomStringConvertible {
    let description: String
    var passing = false
    init(_ description: String, passing: Bool = false) {
        self.description = description
        self.passing = passing
    }
}

/// The pings sent on one connection, oldest first, and what each one's pong means: the person's
/// (`/ping`, printed), the timer's (not printed), or the last, at the end of the input (it ends
/// the session). The server answers in order.
final class Pings: Sendable {
    enum Kind: Sendable, Equatable { case person, health, last }
    private let waiting = Mutex<[Kind]>([])

    func sent(_ kind: Kind) { waiting.withLock { $0.append(kind) } }

    /// What the pong that came answered; nil when no ping was waiting (a pong is then printed).
    func pong() -> Kind? { waiting.withLock { $0.isEmpty ? nil : $0.removeFirst() } }

    /// A new connection: pings sent on the one before are not answered.
    func reset() { waiting.withLock { $0.removeAll() } }
}

/// The messages typed, across connections: sent at once on the connection open now, kept for the
/// next one while there is none (a line typed while the connection is down is not lost).
final class Outbox: Sendable {
    enum Item: Sendable { case text(String), end }
    private struct State {
        var current: AsyncStream<Item>.Continuation?
        var pending: [String] = []
        var ended = false
    }
    private let state = Mutex(State())

    var inputEnded: Bool { state.withLock { $0.ended } }

    func send(_ text: String) {
        state.withLock { state in
            if let current = state.current, case .enqueued = current.yield(.text(text)) { return }
            state.pending.append(text)
        }
    }

    func endInput() {
        state.withLock { state in
            state.ended = true
            _ = state.current?.yield(.end)
        }
    }

    /// The stream of one connection: what waited first, then what comes.
    func attach() -> AsyncStream<Item> {
        let (stream, continuation) = AsyncStream.makeStream(of: Item.self)
        state.withLock { state in
            for text in state.pending { continuation.yield(.text(text)) }
            state.pending.removeAll()
            if state.ended { continuation.yield(.end) }
            state.current = continuation
        }
        return stream
    }

    func detach() {
        state.withLock { state in
            state.current?.finish()
            state.current = nil
        }
    }
}

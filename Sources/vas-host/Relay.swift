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
    /// Whether a dropped connection can be opened again (the host needs a key for a new ticket).
    var canReconnect = true
    /// Messages sent first on a connection opened again (the listener's subscriptions).
    var resend: @Sendable () -> [String] = { [] }
    /// Sees every text message from the server (the listener notes what it is subscribed to).
    var heard: @Sendable (String) -> Void = { _ in }
    /// Said when the first connection opens, and when one was opened again.
    var connected: String?
    var reconnected = "reconnected"
    /// Said after the end, when there is something to know about it (the host left without /stop).
    var ended: @Sendable () -> String? = { nil }
    var message: @Sendable (String) -> HostLine.Outcome

    /// A message is at most this long (vas-sim's limit; the server says nothing kinder than closing).
    static let maxMessage = 1 << 20

    /// The WebSocket handshake took longer than `handshakeSeconds` (a server that says nothing, such
    /// as a plain-HTTP one asked for TLS).
    struct NoAnswer: Error {}
    static let handshakeSeconds = 10.0

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
        signal(SIGPIPE, SIG_IGN)
        let outbox = Outbox()
        let pings = Pings()
        let reading = Task {
            reading: for await typed in Self.standardInputLines() {
                switch message(typed) {
                case .send(let text) where text.utf8.count > Self.maxMessage:
                    Self.say("# not sent: a message is at most 1 MiB, this one is \(text.utf8.count / 1024) KiB")
                case .send(let text): outbox.send(text)
                case .note(let note): Self.say("# " + Self.clean(note))
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
                                                    opened: (again ? reconnected : connected).map { "# " + $0 })
            } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed {
                // The client does not keep a refused handshake's answer: ask again, as plain HTTP with the
                // same handshake headers, and say the answer (seed 000: 401 and the ticket's error code).
                let (status, body) = await HostCommand.handshakeAnswer(url: url, headers: headers)
                if let body, Wire.parse(body) != nil { Self.say(body) }
                throw Failure("the server refused the connection: " + HostCommand.refusal(status: status, error: body.flatMap(Wire.parse)))
            } catch {
                let why = HostCommand.reason(error)
                guard again, let wait = backoff.delay(try: tries + 1) else {
                    if again { throw Failure("gave up reconnecting to \(Self.shown(url)) after \(tries) tries: \(why)") }
                    throw Failure("cannot connect to \(Self.shown(url)): \(why).\(HostCommand.hint(url, why))")
                }
                tries += 1
                Self.say("# cannot reconnect yet (\(HostCommand.reason(error))); trying again in \(Self.seconds(wait))")
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            let said = close.map { " (" + Self.words(for: $0) + ")" } ?? " (no close frame)"
            if end == .dropped, !outbox.inputEnded, Self.reconnects(after: close) {
                guard canReconnect else {
                    throw Failure("the connection dropped\(said), and a ticket works once: no API key was given to take a new one (--api-key or VAS_API_KEY)")
                }
                guard let wait = backoff.delay(try: 1) else { throw Failure("the connection dropped\(said)") }
                again = true
                tries = 1
                Self.say("# the connection dropped\(said); reconnecting in \(Self.seconds(wait))")
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            Self.say("# closed" + said)
            if let note = ended() { Self.say("# " + note) }
            if let close, close.closeCode != .normalClosure, close.closeCode != .goingAway { throw ExitCode(1) }
            return
        }
    }

    /// One connection: the outbox's messages out, the server's in, a health ping on the timer.
    private func connection(url: String, headers: HTTPFields, outbox: Outbox, pings: Pings,
                            resend: [String], opened: String?) async throws -> (End, WebSocketCloseFrame?) {
        let logger = { var logger = Logger(label: "vas-host"); logger.logLevel = .error; return logger }()
        let ended = Finished()
        pings.reset()
        // A handshake that gets no answer is given up after a while (a plain-HTTP server asked for TLS
        // says nothing at all).
        let close: WebSocketCloseFrame? = try await withCheckedThrowingContinuation { continuation in
            let answer = Once(continuation)
            Task {
                do {
                    answer.resume(with: .success(try await WebSocketClient.connect(
                        url: url, configuration: .init(maxFrameSize: Self.maxMessage, additionalHeaders: headers), logger: logger
                    ) { inbound, outbound, _ in
                        ended.opened.store(true, ordering: .relaxed)
                        try await self.session(inbound, outbound, outbox: outbox, pings: pings, resend: resend, opened: opened, ended: ended)
                    }))
                } catch {
                    answer.resume(with: .failure(error))
                }
            }
            // The client does not give up on a silent handshake by itself, nor when cancelled: the
            // connection is left behind (this program says why and ends, or tries anew).
            Task {
                try? await Task.sleep(for: .seconds(Self.handshakeSeconds))
                if !ended.opened.load(ordering: .relaxed) { answer.resume(with: .failure(NoAnswer())) }
            }
        }
        return (ended.done.load(ordering: .relaxed) ? .done : .dropped, close)
    }

    /// One open connection: the outbox's messages out, the server's in, a health ping on the timer.
    private func session(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, outbox: Outbox, pings: Pings,
                         resend: [String], opened: String?, ended: Finished) async throws {
        if let opened { Self.say(opened) }
        let items = outbox.attach()
        defer { outbox.detach() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: Self.maxMessage) {
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

    /// A close in words, its code and the server's reason.
    static func words(for close: WebSocketCloseFrame) -> String {
        let code = UInt16(webSocketErrorCode: close.closeCode)
        let meaning = switch code {
        case 1000: "closed normally"
        case 1001: "the server went away"
        case 1008: "refused by the server's policy"
        case 1009: "a message was too large (at most 1 MiB)"
        case 1011: "an error on the server"
        case 1012: "the server restarts"
        default: "close code"
        }
        return "\(meaning), \(code)" + (close.reason.map { ": " + clean($0) } ?? "")
    }

    /// A URL as said: a token in its query is not shown (it is a credential).
    static func shown(_ url: String) -> String {
        guard let range = url.range(of: "token=") else { return url }
        let end = url[range.upperBound...].firstIndex(of: "&") ?? url.endIndex
        return url.replacingCharacters(in: range.upperBound..<end, with: "…")
    }

    /// Text typed or received, without terminal control characters (C0 but line breaks, C1, ESC,
    /// DEL, bidi overrides).
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            !((scalar.value < 0x20 && scalar.value != 0x0A) || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
              || (0x2066...0x2069).contains(scalar.value))
        }))
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// One line on standard output. A reader that went away (`| head`) is not a crash: SIGPIPE is
    /// ignored (`run`), and the failed write with it.
    static func say(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((text + "\n").utf8))
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

/// A continuation resumed by the first of two tasks (the connection, or its watchdog).
final class Once: Sendable {
    private let continuation: Mutex<CheckedContinuation<WebSocketCloseFrame?, any Error>?>

    init(_ continuation: CheckedContinuation<WebSocketCloseFrame?, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with result: Result<WebSocketCloseFrame?, any Error>) {
        continuation.withLock { waiting in
            waiting?.resume(with: result)
            waiting = nil
        }
    }
}

/// Whether the handshake was answered, and whether the pong of the last ping came.
final class Finished: Sendable {
    let opened = Atomic(false)
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

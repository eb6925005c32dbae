import BroadcastCore
import Foundation
import BroadcastModel

// Test doubles shared by the unit test targets: a scripted network, fixed password
// sources, fake sound devices and clocks, and the fixture files.

/// A transport that plays scripted answers, one per request, and remembers the requests.
public final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    public enum Ending: Sendable { case close, error(TransportError), hang }
    public struct Answer: Sendable {
        public var status = 200
        public var headers = ["content-type": "text/event-stream"]
        public var body: [String] = []
        public var ending = Ending.close
        public init(status: Int = 200, headers: [String: String] = ["content-type": "text/event-stream"], body: [String] = [],
                    ending: Ending = .close) {
            self.status = status
            self.headers = headers
            self.body = body
            self.ending = ending
        }
    }

    private let lock = NSLock()
    private var answers: [Answer]
    private var recorded: [HTTPRequest] = []

    public init(_ answers: [Answer]) {
        self.answers = answers
    }

    public var requests: [HTTPRequest] { lock.withLock { recorded } }

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        let answer: Answer = lock.withLock {
            recorded.append(request)
            return answers.isEmpty ? Answer(body: ["event: ended\ndata: {}\n\n"]) : answers.removeFirst()
        }
        return AsyncThrowingStream { continuation in
            // Status 0: the server was never reached (refused, no such host): no head at all.
            if answer.status != 0 { continuation.yield(.head(HTTPHead(status: answer.status, headers: answer.headers))) }
            for chunk in answer.body { continuation.yield(.body(Array(chunk.utf8))) }
            switch answer.ending {
            case .close: continuation.finish()
            case .error(let error): continuation.finish(throwing: error)
            case .hang: break  // until the reader goes away
            }
        }
    }
}

public struct NoPassword: PasswordSource {
    public init() {}
    public var canAskAgain: Bool { false }
    public var name: String { "none" }
    public func password(_ reason: PasswordReason) async -> String? { nil }
}

public struct FixedPassword: PasswordSource {
    public let value: String
    public init(value: String) { self.value = value }
    public var canAskAgain: Bool { false }
    public var name: String { "the fixed password" }
    public func password(_ reason: PasswordReason) async -> String? { value }
}

public let infoAnswer = ScriptedTransport.Answer(status: 200, headers: ["content-type": "application/json"],
                                          body: [#"{"data":{"name":"Talk","translation_languages":["en-US","ja-JP"],"tts_languages":["en-US"]}}"#])
public let connectedEvent = "event: connected\ndata: {\"available_langs\":[\"en-US\",\"ja-JP\"],\"phase\":\"live\"}\n\n"
public let endedEvent = "event: ended\ndata: {\"message\":\"bye\"}\n\n"

/// A sound device that keeps what it is given. With `gated`, each write waits
/// for a permit, so a test can act while a sentence is playing.
public final class FakeOutput: AudioOutput, @unchecked Sendable {
    public let rate: Int
    public let channels: Int
    private let condition = NSCondition()
    private var permits = 0
    private var _written: [Int16] = []
    private var _writes = 0
    private var _drops = 0
    private var _drains = 0
    public let gated: Bool

    public init(rate: Int, channels: Int, gated: Bool) {
        self.rate = rate
        self.channels = channels
        self.gated = gated
    }

    public func write(_ samples: UnsafeBufferPointer<Int16>) -> Int {
        condition.withLock {
            _writes += 1
            condition.broadcast()
            if gated {
                while permits == 0 { condition.wait() }
                permits -= 1
            }
            _written.append(contentsOf: samples)
        }
        return samples.count * 2
    }

    public func drop() { condition.withLock { _drops += 1 } }
    public func drain() { condition.withLock { _drains += 1 } }

    /// Lets `count` more writes through.
    public func allow(_ count: Int = Int.max / 2) {
        condition.withLock { permits += count; condition.broadcast() }
    }

    /// Blocks until at least `count` writes have begun.
    public func waitForWrites(_ count: Int) {
        condition.withLock { while _writes < count { condition.wait() } }
    }

    public var written: [Int16] { condition.withLock { _written } }
    public var drops: Int { condition.withLock { _drops } }
    public var drains: Int { condition.withLock { _drains } }
}

/// The player's events, in order, with a way to wait for one.
public final class EventLog: @unchecked Sendable {
    public init() {}
    private let condition = NSCondition()
    private var _events: [SpeechPlayer.Event] = []

    public func record(_ event: SpeechPlayer.Event) {
        condition.withLock { _events.append(event); condition.broadcast() }
    }

    public var events: [SpeechPlayer.Event] { condition.withLock { _events } }
    /// What the player said: notices, and the device going and coming back.
    public var notices: [String] {
        events.compactMap {
            switch $0 {
            case .notice(let text), .deviceUnavailable(let text): text
            case .deviceBack: "audio is back"
            default: nil
            }
        }
    }
    /// The device events alone, in order.
    public var deviceEvents: [SpeechPlayer.Event] {
        events.filter { if case .deviceUnavailable = $0 { true } else if case .deviceBack = $0 { true } else { false } }
    }
    public var started: [Int] { events.compactMap { if case .started(let item) = $0 { item.sid } else { nil } } }

    public func waitFor(_ predicate: ([SpeechPlayer.Event]) -> Bool) {
        condition.withLock { while !predicate(_events) { condition.wait() } }
    }
}

/// A clock the test moves.
public final class FakeClock: @unchecked Sendable {
    public init() {}
    private let lock = NSLock()
    private var value = 0.0
    public func now() -> Double { lock.withLock { value } }
    public func advance(_ seconds: Double) { lock.withLock { value += seconds } }
}

/// Opens fake devices, or fails, as the test says; counts the attempts.
public final class FakeDevices: @unchecked Sendable {
    public init() {}
    private let lock = NSLock()
    public var failure: String?
    public var gated = false
    public private(set) var opened: [FakeOutput] = []

    public var factory: AudioOutputFactory {
        { rate, channels throws(AudioError) in
            self.lock.lock()
            defer { self.lock.unlock() }
            if let failure = self.failure { throw AudioError.device(failure) }
            let output = FakeOutput(rate: rate, channels: channels, gated: self.gated)
            self.opened.append(output)
            self.opens.signal()
            return output
        }
    }

    public func set(failure: String?) { lock.withLock { self.failure = failure } }
    public var last: FakeOutput? { lock.withLock { opened.last } }

    /// Blocks until a device has been opened; returns it.
    public func waitForOpen() -> FakeOutput {
        while true {
            if let last { return last }
            opens.wait()
        }
    }
    private let opens = DispatchSemaphore(value: 0)
}

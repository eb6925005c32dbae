import BroadcastModel
/// Reads one connection's stream: bytes → items for the front end, until the
/// stream ends or an event says this connection is over.
final class ConnectionReader: @unchecked Sendable {
    /// The decoder as the connection left it (its last event id carries over).
    private(set) var decoderAfter: EventStreamDecoder
    /// The server answered with an event stream.
    private(set) var opened = false
    /// The server answered at all (any status).
    private(set) var answered = false
    private let updates: AsyncStream<SessionUpdate>.Continuation
    /// Holds the reading while the front end is behind.
    private let flow: FlowGate
    private let recorder: (any RawSink)?
    /// Told of each `connected` event before it is delivered; true asks for a new connection.
    private let onConnected: @Sendable (Connected) async -> Bool
    /// A refused request's body is kept up to this size, for its error message.
    static let errorBodyLimit = 64 * 1024

    init(decoder: EventStreamDecoder, updates: AsyncStream<SessionUpdate>.Continuation, flow: FlowGate,
         recorder: (any RawSink)?, onConnected: @escaping @Sendable (Connected) async -> Bool = { _ in false }) {
        self.decoderAfter = decoder
        self.updates = updates
        self.flow = flow
        self.recorder = recorder
        self.onConnected = onConnected
    }

    func read(_ stream: AsyncThrowingStream<HTTPStreamPart, any Error>) async -> BroadcastSession.ConnectionEnd {
        var decoder = decoderAfter
        defer {
            decoder.finish()
            decoderAfter = decoder
        }
        var delivered = false
        var refusal: (HTTPHead, [UInt8])?
        do {
            for try await part in stream {
                switch part {
                case .head(let head):
                    answered = head.status > 0
                    let answer = VASAssumptions.classify(status: head.status, errorCode: nil,
                                                         contentType: head.contentType, retryAfter: nil)
                    if answer == .stream {
                        opened = true
                        updates.yield(.connected)
                    } else {
                        refusal = (head, [])
                    }
                case .body(let bytes):
                    if var kept = refusal {
                        if kept.1.count < Self.errorBodyLimit { kept.1 += bytes.prefix(Self.errorBodyLimit - kept.1.count) }
                        refusal = kept
                        continue
                    }
                    recorder?.received(bytes)
                    let items = decoder.feed(bytes)
                    if let recorder, items.contains(where: \.carriesWords) { recorder.wordsArrived() }
                    // A write error is said at once (the viewing goes on), not found at the end.
                    if let failure = recorder?.takeNewFailure() {
                        updates.yield(.notice("the --record-raw recording stopped: \(failure); the viewing and the journal go on"))
                    }
                    var restart = false
                    for case .event(.connected(let connected)) in items where await onConnected(connected) { restart = true }
                    if let end = deliver(items, delivered: &delivered) { return end }
                    if restart { return .restart }
                    // The front end is behind: read on once it has caught up.
                    await flow.wait()
                }
            }
        } catch is CancellationError {
            return .dropped("cancelled", delivered: delivered)
        } catch let error as TransportError {
            if let refusal { return .refused(refusal.0, refusal.1) }
            if case .tls(let message) = error {
                return .finished(.failed(TransportError.tls(message).description + "; use --insecure only if you trust this server."))
            }
            if case .notTLS(let message) = error { return .notTLS(message, certain: true) }
            if case .tlsSilent(let message) = error { return .notTLS(message, certain: false) }
            return .dropped(Self.describe(error), delivered: delivered)
        } catch {
            return .dropped("\(error)", delivered: delivered)
        }
        if let refusal { return .refused(refusal.0, refusal.1) }
        return .dropped(opened ? "the server closed the connection" : "the server sent nothing", delivered: delivered)
    }

    /// Hands items on; stops at an event that ends this connection (what follows it is not for us).
    private func deliver(_ items: [StreamItem], delivered: inout Bool) -> BroadcastSession.ConnectionEnd? {
        guard !items.isEmpty else { return nil }
        for (index, item) in items.enumerated() {
            guard case .event(let event) = item else { continue }
            if event != .heartbeat { delivered = true }
            var probe = ViewerState()
            guard let signal = probe.apply(event) else { continue }
            flow.handedOn(index + 1)
            updates.yield(.items(Array(items[...index])))
            switch signal {
            case .reconnectRereadingInfo: return .rereadInfo
            case .reverifyPassword: return .passwordChanged
            case .stop: return .finished(SessionOutcome(endingAt: event) ?? .failed("the broadcast stopped"))
            }
        }
        flow.handedOn(items.count)
        updates.yield(.items(items))
        return nil
    }

    static func describe(_ error: TransportError) -> String {
        switch error {
        case .stalled(let seconds): "no data from the server for \(seconds) s; the connection is taken for dead"
        default: error.description
        }
    }
}

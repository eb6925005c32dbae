/// One event dispatched by the SSE parser.
public struct SSEEvent: Equatable, Hashable, Sendable {
    /// The event type; `message` when the stream gave none.
    public var type: String
    /// The data lines joined with LF, without the final LF.
    public var data: String
    /// The last event ID string after this event's dispatch (`""` when none).
    public var lastEventID: String

    public init(type: String, data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}

/// What the parser hands on: events, comments (the server's heartbeat), and
/// diagnostics about input it had to drop.
public enum SSEItem: Equatable, Sendable {
    case event(SSEEvent)
    /// A comment line, without its colon and one leading space (`heartbeat`).
    case comment(String)
    case diagnostic(SSEDiagnostic)
}

/// Input the parser dropped to keep its memory bounded.
public enum SSEDiagnostic: Equatable, Sendable, CustomStringConvertible {
    case lineTooLong(bytes: Int, limit: Int)
    case eventTooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case let .lineTooLong(bytes, limit):
            "dropped an SSE line of more than \(limit) bytes (\(bytes) so far); skipping to the next event"
        case let .eventTooLarge(bytes, limit):
            "dropped an SSE event of more than \(limit) bytes (\(bytes) so far); skipping to the next event"
        }
    }
}

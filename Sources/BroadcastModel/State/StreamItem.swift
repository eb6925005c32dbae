/// What the stream yields once bytes are parsed and decoded.
public enum StreamItem: Equatable, Sendable {
    case event(BroadcastEvent)
    /// An event type the document does not define.
    case unknown(type: String)
    /// A known event whose data could not be read.
    case malformed(type: String, reason: String)
    /// Input the SSE parser dropped (an oversized line or event).
    case dropped(SSEDiagnostic)
    /// Not from the server: one connection ended and the next will begin. A sentence id
    /// missing across this point is a gap (`Segment.gaps`); the session, the journal and
    /// a raw recording's `:@reconnect` say it.
    case reconnected

    /// Whether the item carries something said: an original, a translation or spoken text
    /// (what makes a recording worth keeping over an earlier one).
    public var carriesWords: Bool {
        guard case .event(let event) = self else { return false }
        return switch event {
        case .origin(let origin): !origin.text.isEmpty
        case .translation(let translation): !translation.text.isEmpty
        case .ttsReady(let tts): tts.text?.isEmpty == false
        default: false
        }
    }

    /// A one-line description for logs and notices; `nil` for ordinary events.
    public var diagnostic: String? {
        switch self {
        case .event: nil
        case .unknown(let type): "ignored an unknown event type '\(type)'"
        case .malformed(let type, let reason): "ignored a malformed '\(TextSanitizer.clean(type))' event: \(reason)"
        case .dropped(let diagnostic): diagnostic.description
        case .reconnected: nil
        }
    }
}

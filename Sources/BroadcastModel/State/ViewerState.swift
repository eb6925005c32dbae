/// The broadcast as the viewer sees it: a pure state machine fed with events.
///
/// connecting → queued → admitted → standby | live ⇄ paused → ended | kicked | failed
public struct ViewerState: Equatable, Sendable {
    public enum Phase: Equatable, Sendable {
        case connecting
        case queued(position: Int, estimatedWait: String?)
        case admitted
        case standby
        case live
        case paused(message: String?)
        case ended(message: String?)
        case kicked(message: String?)
        case failed(ServerError)

        /// Nothing more will come on this broadcast.
        public var isTerminal: Bool {
            switch self {
            case .ended, .kicked, .failed: true
            default: false
            }
        }

        /// The short name for a status bar or a `#` line.
        public var name: String {
            switch self {
            case .connecting: "CONNECTING"
            case .queued: "QUEUED"
            case .admitted: "ADMITTED"
            case .standby: "STANDBY"
            case .live: "LIVE"
            case .paused: "PAUSED"
            case .ended: "ENDED"
            case .kicked: "REMOVED"
            case .failed: "FAILED"
            }
        }
    }

    public private(set) var phase: Phase = .connecting
    /// The phase the server last announced (`connected`, `phase_changed`, `standby`).
    public private(set) var broadcastPhase: BroadcastPhase?
    public private(set) var standbyMessage: LocalizedMessage?
    public private(set) var availableLanguages: [String] = []
    /// Languages with spoken translation, once a `connected` event has said (`[]`: the
    /// broadcast has no speech); nil while unknown.
    public private(set) var ttsLanguages: [String]?
    public private(set) var recognitionMode: RecognitionMode?
    public private(set) var maxViewers: Int?
    public private(set) var announcements: [LocalizedMessage] = []
    /// `translation_service_unavailable`: shown until translations flow again.
    public private(set) var translationOutage: ServerError?
    /// The latest session-level error that did not end the broadcast.
    public private(set) var lastError: ServerError?
    /// Heartbeats seen on the stream.
    public private(set) var heartbeats = 0

    public init() {}

    /// What the connection layer must do after an event.
    public enum Signal: Equatable, Sendable {
        /// `access_type_changed`: reconnect, and re-read the broadcast info first.
        case reconnectRereadingInfo
        /// `pass_code_changed`: the access token is dead; ask for the password again.
        case reverifyPassword
        /// The broadcast is over for this viewer (`ended`, `kicked`, a fatal error).
        case stop
    }

    @discardableResult
    public mutating func apply(_ event: BroadcastEvent) -> Signal? {
        switch event {
        case .connected(let connected):
            availableLanguages = connected.availableLanguages
            if let languages = connected.ttsLanguages { ttsLanguages = languages }
            recognitionMode = connected.recognitionMode ?? recognitionMode
            broadcastPhase = connected.phase ?? broadcastPhase
            // A new connection starts afresh, even after a terminal state of an earlier one;
            // but a viewer waiting in the queue is still waiting until it is admitted.
            if !isQueued { phase = broadcastPhase == .standby ? .standby : .live }
        case .queued(let queued):
            setPhase(.queued(position: queued.position, estimatedWait: queued.estimatedWait))
        case .admitted:
            setPhase(broadcastPhase.map(Self.phase(for:)) ?? .admitted)
        case .origin, .translation:
            if case .translation = event { translationOutage = nil }
            // Text is flowing: whoever skipped `connected` (or `admitted`, after a reconnection) is live.
            if phase == .connecting || phase == .admitted || isQueued { phase = .live }
        case .paused(let message):
            setPhase(.paused(message: message))
        case .resumed:
            if case .paused = phase { phase = broadcastPhase == .standby ? .standby : .live }
        case .ended(let message):
            phase = .ended(message: message)
            return .stop
        case .kicked(let message):
            phase = .kicked(message: message)
            return .stop
        case .standby(let message):
            standbyMessage = message
            broadcastPhase = .standby
            if !isQueued { setPhase(.standby) }
        case .phaseChanged(let change):
            broadcastPhase = change.phase
            // A phase name the document does not define changes nothing on screen.
            if !isQueued, change.phase == .live || change.phase == .standby {
                setPhase(Self.phase(for: change.phase))
            }
        case .maxViewersChanged(let max):
            maxViewers = max
        case .announcement(let message):
            announcements.append(message)
        case .accessTypeChanged:
            return .reconnectRereadingInfo
        case .passCodeChanged:
            return .reverifyPassword
        case .error(let error):
            return apply(error)
        case .heartbeat:
            heartbeats += 1
        case .ttsReady, .speakerRenamed, .speakerReassigned, .speakersMerged, .recordingStarted:
            break
        }
        return nil
    }

    private mutating func apply(_ error: ServerError) -> Signal? {
        switch VASAssumptions.classify(error) {
        case .sentence:
            return nil
        case .translationOutage:
            translationOutage = error
        case .ended:
            phase = .ended(message: error.message)
            return .stop
        case .fatal:
            phase = .failed(error)
            return .stop
        case .notice:
            lastError = error
        }
        return nil
    }

    /// Paused, ended and the like are not undone by a stray standby or phase event.
    private mutating func setPhase(_ new: Phase) {
        guard !phase.isTerminal else { return }
        phase = new
    }

    private var isQueued: Bool {
        if case .queued = phase { return true }
        return false
    }

    private static func phase(for broadcastPhase: BroadcastPhase) -> Phase {
        broadcastPhase == .standby ? .standby : .live
    }
}

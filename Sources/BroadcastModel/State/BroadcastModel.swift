/// The whole broadcast as the viewer knows it: the phase machine, the
/// transcript, and counts of what had to be ignored.
public struct BroadcastModel: Equatable, Sendable {
    public var viewer = ViewerState()
    public var transcript = Transcript()
    public var counts = Counts()
    /// The broadcast's details (its info endpoint), once read.
    public private(set) var details: BroadcastInfo?

    public init() {}

    public mutating func apply(_ info: BroadcastInfo) {
        details = info
    }

    /// Languages with spoken translation: what the stream's `connected` said, else the
    /// broadcast's details; nil while neither has said.
    public var speechLanguages: [String]? {
        viewer.ttsLanguages ?? details?.ttsLanguages
    }

    /// The translation language to show for a request: the offered tag it matches (`ja` → `ja-JP`),
    /// the request itself when nothing matches, or the broadcast's first language when none was asked.
    /// The screen, plain output and saved files all choose with this.
    public func language(for requested: String?) -> String? {
        let offered = viewer.availableLanguages.isEmpty ? Array(transcript.languages) : viewer.availableLanguages
        guard let requested else { return offered.first }
        return LanguageTag.bestMatch(for: requested, among: offered) ?? requested
    }

    /// The same broadcast with recording `number` alone (1 is the first), for export; nil when there is none.
    public func only(recording number: Int) -> BroadcastModel? {
        guard let transcript = transcript.only(recording: number) else { return nil }
        var copy = self
        copy.transcript = transcript
        return copy
    }

    /// Input that was set aside; the stream went on.
    public struct Counts: Equatable, Sendable {
        public var events = 0
        public var unknownEvents = 0
        public var malformedEvents = 0
        public var droppedInput = 0
    }

    /// The outcome of one item, for front ends.
    public struct Update: Equatable, Sendable {
        public var transcript: Transcript.Change = .none
        public var signal: ViewerState.Signal?

        public init(transcript: Transcript.Change = .none, signal: ViewerState.Signal? = nil) {
            self.transcript = transcript
            self.signal = signal
        }
    }

    @discardableResult
    public mutating func apply(_ item: StreamItem) -> Update {
        switch item {
        case .event(let event):
            return apply(event)
        case .unknown:
            counts.unknownEvents += 1
        case .malformed:
            counts.malformedEvents += 1
        case .dropped:
            counts.droppedInput += 1
        case .reconnected:
            transcript.reconnected()
        }
        return Update()
    }

    @discardableResult
    public mutating func apply(_ event: BroadcastEvent) -> Update {
        if event != .heartbeat { counts.events += 1 }
        let signal = viewer.apply(event)
        let change = transcript.apply(event)
        return Update(transcript: change, signal: signal)
    }
}

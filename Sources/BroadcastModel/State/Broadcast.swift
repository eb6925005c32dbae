/// The whole broadcast as the viewer knows it: the phase machine, the
/// transcript, and counts of what had to be ignored.
public struct Broadcast: Equatable, Sendable {
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

    /// Whether there is spoken translation in a language: the one rule, for the status bar,
    /// the notices and the speech keys.
    public enum SpeechAvailability: Equatable, Sendable {
        /// Nothing has said yet (no details, no `connected`), or no language is chosen.
        case unknown
        case offered
        /// The broadcast has no spoken translation at all.
        case none
        /// Not in this language; these have it.
        case notIn(String, offered: [String])

        /// Why there can be no speech, in words; nil when there can be (or nothing is known).
        public var problem: String? {
            switch self {
            case .unknown, .offered: nil
            case .none: "this broadcast has no spoken translation"
            case .notIn(let language, let offered): "no spoken translation in \(language) (offered in: \(offered.joined(separator: ", ")))"
            }
        }
    }

    public func speech(in language: String?) -> SpeechAvailability {
        guard let offered = speechLanguages else { return .unknown }
        if offered.isEmpty { return .none }
        guard let language else { return .unknown }
        return LanguageTag.bestMatch(for: language, among: offered) == nil ? .notIn(language, offered: offered) : .offered
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
    public func only(recording number: Int) -> Broadcast? {
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

import FoundationEssentials
import BroadcastModel

/// Every timing of the session, named, so that tests can shorten them.
public struct SessionTiming: Sendable, Equatable {
    public var silenceTimeout = VASAssumptions.silenceTimeout
    public var backoffInitial = VASAssumptions.backoffInitial
    public var backoffCap = VASAssumptions.backoffCap
    public var connectTimeout: Duration = .seconds(10)
    /// For the small REST requests (info, password check).
    public var requestTimeout: Duration = .seconds(20)
    public var passwordRetryDefault = VASAssumptions.passwordRetryDefault

    public init() {}
}

public struct SessionOptions: Sendable {
    /// The translation language to show; `nil` for the broadcast's first.
    public var language: String?
    /// Ask the stream for `tts_ready` (which needs the `lang` filter).
    public var tts = false
    public var insecure = false
    public var userAgent = "vas-view"
    public var timing = SessionTiming()

    public init(language: String? = nil, tts: Bool = false) {
        self.language = language
        self.tts = tts
    }
}

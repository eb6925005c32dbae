/// Where the password comes from: a person at the terminal, a file, standard
/// input, the environment — or a script in tests.
public protocol PasswordSource: Sendable {
    /// The password to try, or nil when none can be had.
    func password(_ reason: PasswordReason) async -> String?
    /// Whether asking again can give another answer (a person, a stream of lines).
    /// A fixed password that was refused is not tried again.
    var canAskAgain: Bool { get }
    /// How to name the source in a message ("the password in VAS_PASSWORD").
    var name: String { get }
}

public enum PasswordReason: Equatable, Sendable {
    case required
    case rejected(attemptsLeft: Int)
    /// The host changed the password (`pass_code_changed`).
    case changed
}

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

/// What the session tells its front end, in order.
public enum SessionUpdate: Equatable, Sendable {
    case info(BroadcastInfo)
    /// Opening the stream (the URL with the access token redacted).
    case connecting(String)
    /// The stream is open.
    case connected
    case items([StreamItem])
    /// Waiting before the next try, and why.
    case waiting(VASAssumptions.Wait, retryIn: Duration, detail: String)
    case passwordRejected(attemptsLeft: Int)
    /// The language shown changed; earlier sentences keep their translations.
    case languageSelected(String?)
    case notice(String)
    case finished(SessionOutcome)
}

/// Keeps the exact bytes received, for `replay` and bug reports.
public protocol RawSink: Sendable {
    func received(_ bytes: [UInt8])
    /// One connection ended (its unfinished event must not merge with the next).
    func connectionEnded()
}

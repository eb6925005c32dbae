import FoundationEssentials
import BroadcastModel

/// Where the password comes from: a file, standard input, the environment, a script
/// in tests — or the person watching, asked by the front end (`ViewerPassword`).
public protocol PasswordSource: Sendable {
    /// The password to try, or nil when none can be had.
    func password(_ reason: PasswordReason) async -> String?
    /// Whether asking again can give another answer (a person, a stream of lines).
    /// A fixed password that was refused is not tried again.
    var canAskAgain: Bool { get }
    /// How to name the source in a message ("the password in VAS_PASSWORD").
    var name: String { get }
    /// The front end asks the person: the session sends a `PasswordPrompt` through its
    /// updates, in order with everything before it, and waits for the answer.
    var asksThroughFrontEnd: Bool { get }
}

extension PasswordSource {
    public var asksThroughFrontEnd: Bool { false }
}

/// The person watching, asked by the front end (a prompt on the terminal, echo off).
public struct ViewerPassword: PasswordSource {
    public init() {}
    public var canAskAgain: Bool { true }
    public var name: String { "the password typed" }
    public var asksThroughFrontEnd: Bool { true }
    /// Not called: the session asks through its updates.
    public func password(_ reason: PasswordReason) async -> String? { nil }
}

public enum PasswordReason: Equatable, Sendable {
    case required
    case rejected(attemptsLeft: Int)
    /// The host changed the password (`pass_code_changed`).
    case changed

    /// "wrong password (2 tries left)": the one wording, for the prompt, the box and the notices.
    public static func wrong(attemptsLeft left: Int) -> String {
        "wrong password (\(left) \(left == 1 ? "try" : "tries") left)"
    }

    /// What the question is about, as a title ("The host changed the password").
    public func title(broadcast: String) -> String {
        switch self {
        case .required: "Broadcast \(broadcast) needs a password"
        case .rejected(let left): Self.capitalized(Self.wrong(attemptsLeft: left))
        case .changed: "The host changed the password"
        }
    }

    /// What a prompt says before the answer.
    public func prompt(broadcast: String) -> String {
        switch self {
        case .required: "Password for broadcast \(broadcast): "
        case .rejected(let left): Self.capitalized(Self.wrong(attemptsLeft: left)) + ". Password: "
        case .changed: "The host changed the password. New password: "
        }
    }

    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}

/// A question for the person watching, sent through the session's updates; the front
/// end answers it once (nil: no answer can be had). Compared by identity.
public final class PasswordPrompt: @unchecked Sendable, Equatable {
    public let reason: PasswordReason
    public let broadcast: String
    private let lock = Lock()
    private var answered: String??
    private var waiter: CheckedContinuation<String?, Never>?

    public init(reason: PasswordReason, broadcast: String) {
        self.reason = reason
        self.broadcast = broadcast
    }

    public var text: String { reason.prompt(broadcast: broadcast) }

    /// The front end's answer; later answers are ignored.
    public func answer(_ password: String?) {
        let waiting: CheckedContinuation<String?, Never>? = lock.withLock {
            guard answered == nil else { return nil }
            answered = .some(password)
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(returning: password)
    }

    /// Waits for the answer; cancelling the waiting task answers nil.
    public func wait() async -> String? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                let ready: String?? = lock.withLock {
                    if let answered { return answered }
                    waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            answer(nil)
        }
    }

    public static func == (a: PasswordPrompt, b: PasswordPrompt) -> Bool { a === b }
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
    /// A wrong password from a source that is asked again without a prompt (`--password-stdin`).
    case passwordRejected(attemptsLeft: Int)
    /// Ask the person for the password, then answer the prompt.
    case passwordPrompt(PasswordPrompt)
    /// The language shown changed; earlier sentences keep their translations.
    case languageSelected(String?)
    /// Spoken translation is now on or off (the session owns it); `reason` when the session
    /// itself turned it off (the broadcast has none).
    case speech(on: Bool, reason: String?)
    /// A replay's pace (the replay owns it): said when it starts and at every change.
    case paced(ReplayPace)
    case notice(String)
    case finished(SessionOutcome)
}

extension SessionUpdate {
    /// The stream items in this update, if any.
    public var items: [StreamItem] {
        if case .items(let items) = self { return items }
        return []
    }
}

/// Keeps the exact bytes received, for `replay` and bug reports.
public protocol RawSink: Sendable {
    func received(_ bytes: [UInt8])
    /// One connection ended (its unfinished event must not merge with the next).
    func connectionEnded()
    /// Why keeping the bytes stopped (a full disk), once: the session says it at once.
    func takeNewFailure() -> String?
    /// What arrived carries something said (it makes the recording worth keeping).
    func wordsArrived()
}

import FoundationEssentials
import BroadcastModel
import Synchronization

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
public final class PasswordPrompt: Sendable, Equatable {
    public let reason: PasswordReason
    public let broadcast: String
    private let state = Mutex(State())

    private struct State {
        var answered: String??
        var waiter: CheckedContinuation<String?, Never>?
    }

    public init(reason: PasswordReason, broadcast: String) {
        self.reason = reason
        self.broadcast = broadcast
    }

    public var text: String { reason.prompt(broadcast: broadcast) }

    /// The front end's answer; later answers are ignored.
    public func answer(_ password: String?) {
        let waiting: CheckedContinuation<String?, Never>? = state.withLock { state in
            guard state.answered == nil else { return nil }
            state.answered = .some(password)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiting?.resume(returning: password)
    }

    /// Waits for the answer; cancelling the waiting task answers nil.
    public func wait() async -> String? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                let ready: String?? = state.withLock { state in
                    if let answered = state.answered { return answered }
                    state.waiter = continuation
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

import FoundationEssentials
import BroadcastModel

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
    /// For the log only: worth knowing when something goes wrong, not worth a notice
    /// (a helper endpoint the server lacks, a redirect followed).
    case logged(String)
    case finished(SessionOutcome)
}

extension SessionUpdate {
    /// The stream items in this update, if any.
    public var items: [StreamItem] {
        if case .items(let items) = self { return items }
        return []
    }
}

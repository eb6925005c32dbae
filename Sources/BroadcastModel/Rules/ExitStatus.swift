/// A mistake or failure the user can act on: one full sentence, no usage banner.
public struct UserFacingError: Error, Equatable, Sendable {
    public var message: String
    public var code: Int32

    public init(message: String, code: Int32 = ExitStatus.failure) {
        self.message = message
        self.code = code
    }
}

/// Exit codes, documented in the README and the man page.
public enum ExitStatus {
    public static let ended: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 2
    public static let authentication: Int32 = 3
    public static let unavailable: Int32 = 4
    public static let kicked: Int32 = 5
    public static let interrupted: Int32 = 130
}

extension SessionOutcome {
    /// The documented exit code for how the broadcast ended for this viewer.
    public var exitCode: Int32 {
        switch self {
        case .ended: ExitStatus.ended
        case .kicked: ExitStatus.kicked
        case .unavailable: ExitStatus.unavailable
        case .authenticationFailed: ExitStatus.authentication
        case .failed: ExitStatus.failure
        case .stopped: ExitStatus.interrupted
        }
    }

    /// One sentence for the person at the terminal.
    public var message: String { sentence() + "." }
}

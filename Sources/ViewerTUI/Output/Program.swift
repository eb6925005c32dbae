import Synchronization

/// The program's name for itself, and when it started (for "first frame after start").
public enum Program {
    public static let version = "0.1.0"
    public static var started: ContinuousClock.Instant {
        get { startedAt.withLock { $0 } }
        set { startedAt.withLock { $0 = newValue } }
    }
    private static let startedAt = Mutex(ContinuousClock.now)
}

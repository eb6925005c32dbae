/// The program's name for itself, and when it started (for "first frame after start").
public enum Program {
    public static let version = "0.1.0"
    nonisolated(unsafe) public static var started = ContinuousClock.now
}

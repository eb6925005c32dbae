/// How fast a replay plays, and whether it is paused.
public struct ReplayPace: Equatable, Sendable {
    public var speed: Double
    public var paused = false

    public init(speed: Double, paused: Bool = false) {
        self.speed = speed
        self.paused = paused
    }

    /// Speeds the keys step through.
    public static let range = 0.25...64.0
}

import BroadcastModel

/// What the loop draws on and reads keys from: the terminal (`CursesScreen`), or in the
/// tests an in-memory screen that keeps every frame (TestSupport's `TestScreen`).
/// Used from one thread only: the loop's.
public protocol ViewerScreen: AnyObject {
    var size: ViewerUI.Size { get }
    /// Every key waiting, and whether the terminal was resized.
    func readKeys() -> (keys: [Key], resized: Bool)
    func draw(_ grid: Grid)
    /// The next frame repaints every cell.
    func invalidate()
    /// Sleeps until a key, a wake of the inbox or a resize, or until `seconds` pass (nil: no limit).
    /// Says whether keys or the inbox woke it.
    func wait(inbox: Inbox, seconds: Double?) -> ScreenWake
    /// Sleeps up to `seconds` unless a key arrives (the brake under a flood of events).
    func waitForKey(seconds: Double)
    /// Gives the terminal back as it was, stops the process (job control: the shell's prompt
    /// comes back), and returns once it is continued (`fg`), the screen taken again.
    func suspend()
}

public struct ScreenWake: Equatable, Sendable {
    public var keys: Bool
    public var inbox: Bool
    public init(keys: Bool, inbox: Bool) {
        self.keys = keys
        self.inbox = inbox
    }
}

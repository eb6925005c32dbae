import BroadcastModel
import ViewerTUI

/// An in-memory screen for `ViewerLoop` (as ratatui's TestBackend): it plays a script —
/// keys to read, messages to deliver, sizes to take — one step per wait, keeps every frame
/// drawn, and when the script runs out reads Ctrl-C so the loop ends.
public final class TestScreen: ViewerScreen {
    public enum Step {
        case keys([Key])
        case messages([ViewerMessage])
        case resize(columns: Int, rows: Int)
    }

    public private(set) var size: ViewerUI.Size
    public private(set) var frames: [Grid] = []
    public private(set) var invalidations = 0
    /// Frames drawn before each suspension (Ctrl-Z), in order.
    public private(set) var suspensions: [Int] = []
    /// How long the loop asked to sleep at each wait (nil: until something arrives).
    public private(set) var waits: [Double?] = []
    /// True once the script ran out (the loop was then ended with Ctrl-C).
    public private(set) var ranOut = false
    private var script: [Step]
    private var pendingKeys: [Key] = []
    private var resized = false

    public init(columns: Int = 100, rows: Int = 24, script: [Step]) {
        size = ViewerUI.Size(columns: columns, rows: rows)
        self.script = script
    }

    public var lastLines: [String] { frames.last?.lines ?? [] }
    public var lastText: String { lastLines.joined(separator: "\n") }

    public func readKeys() -> (keys: [Key], resized: Bool) {
        defer { pendingKeys = []; resized = false }
        return (pendingKeys, resized)
    }

    public func draw(_ grid: Grid) { frames.append(grid) }
    public func invalidate() { invalidations += 1 }

    public func wait(inbox: Inbox, seconds: Double?) -> ScreenWake {
        waits.append(seconds)
        guard !script.isEmpty else {
            ranOut = true
            pendingKeys = [.ctrl("c")]
            return ScreenWake(keys: true, inbox: false)
        }
        switch script.removeFirst() {
        case .keys(let keys):
            pendingKeys = keys
            return ScreenWake(keys: true, inbox: false)
        case .messages(let messages):
            for message in messages { inbox.push(message) }
            return ScreenWake(keys: false, inbox: true)
        case .resize(let columns, let rows):
            size = ViewerUI.Size(columns: columns, rows: rows)
            resized = true
            return ScreenWake(keys: false, inbox: false)
        }
    }

    public func waitForKey(seconds: Double) {}

    public func suspend() { suspensions.append(frames.count) }
}

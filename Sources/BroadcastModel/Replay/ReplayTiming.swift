/// Paces a recorded stream in replay.
///
/// A recording made by vas-view carries `:@t=SECONDS` comment lines (comments
/// are ignored by every SSE client, so the file stays a valid stream). A stream
/// without them is paced by the sentences' `start_time`.
public struct ReplayTiming: Sendable {
    /// Playback speed: 2 plays twice as fast.
    public var speed: Double
    /// No single wait is longer than this (seconds of real time): a recording
    /// with a long silence does not look frozen.
    public var maxWait: Double
    /// Where the recording is, in its own seconds.
    public private(set) var clock: Double = 0
    private var hasTimestamps = false

    public init(speed: Double = 1, maxWait: Double = 5) {
        self.speed = max(speed, 0.01)
        self.maxWait = maxWait
    }

    /// The comment a recording carries where one connection ended and the next began.
    public static let reconnectComment = "@reconnect"

    /// The comment that marks the time of what follows it.
    public static func timestampComment(seconds: Double) -> String {
        ":@t=\(String(format3(seconds)))\n"
    }

    /// How long to wait, in real seconds, before handing on `item`.
    public mutating func wait(before item: SSEItem) -> Double {
        let target: Double?
        switch item {
        case .comment(let text) where text.hasPrefix("@t="):
            hasTimestamps = true
            target = Double(text.dropFirst(3))
        case .event(let event) where !hasTimestamps && event.type == "origin":
            target = Self.startTime(in: event.data).map(Double.init)
        default:
            target = nil
        }
        guard let target, target.isFinite, target > clock else { return 0 }
        let wait = (target - clock) / speed
        clock = target
        return min(wait, maxWait)
    }

    /// `start_time` of an origin event, without decoding the whole event.
    static func startTime(in data: String) -> Int? {
        guard case .event(.origin(let origin)) = BroadcastEventDecoder.decode(SSEEvent(type: "origin", data: data)),
              let start = origin.startTime
        else { return nil }
        return TimeCode.seconds(start)
    }

    private static func format3(_ value: Double) -> String {
        let millis = Int((max(0, value) * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

import BroadcastModel

/// What the viewer says: the status-bar message, the notices list (`i`), and `said`, the
/// ordered record of notices and transcript changes that plain mode prints and the log keeps.
/// Only its own methods change it; the update function calls them.
public struct NoticeBoard: Equatable, Sendable {
    public typealias Notice = ViewerUI.Notice
    public typealias Message = ViewerUI.Message
    public typealias Said = ViewerUI.Said

    /// The status-bar line, if any (it may have expired: `current(now:)`).
    public private(set) var message: Message?
    /// Every notice of the session, newest last (the oldest go past `kept`).
    public private(set) var notices: [Notice] = []
    /// Notices no longer kept.
    public private(set) var forgotten = 0
    /// A key that does nothing has been answered once ("? lists the keys"); the next are quiet.
    var unknownKeyHinted = false
    /// What was said since the front end last took it (`take`), in order.
    public private(set) var said: [Said] = []
    /// How often each warning that input may repeat without end was noted (`noteRepeated`).
    private var repeatCounts: [String: Int] = [:]
    /// Set while a key is handled: what is said then answers that key.
    var answeringKey = false
    /// The wall clock at UI clock 0 (seconds since 1970) and the local offset from UTC,
    /// for the times in the notices list.
    public private(set) var clockOrigin: Double
    public private(set) var utcOffset: Int
    public static let kept = 1_000

    public init(clockOrigin: Double = 0, utcOffset: Int = 0) {
        self.clockOrigin = clockOrigin
        self.utcOffset = utcOffset
    }

    /// Shows `text` in the status bar for long enough to read it; `keep` also lists it
    /// among the notices (`i`).
    mutating func say(_ text: String, level: Notice.Level, keep: Bool, now: Double) {
        message = Message(text: text, level: level, until: now + Self.readingTime(text), answersKey: answeringKey)
        if keep { note(text, level: level, inTranscript: false, now: now) }
    }

    /// Seconds to show a message: four, and more for a long one (about 15 characters a second).
    public static func readingTime(_ text: String) -> Double {
        min(15, max(4, 1.5 + Double(text.count) / 15))
    }

    /// Lists a notice (`i`) without a status-bar message, and says it to plain mode and the log
    /// (`said`). The same notice again is counted in the list, not repeated.
    mutating func note(_ text: String, level: Notice.Level, inTranscript: Bool, now: Double) {
        let notice = Notice(at: now, text: text, level: level, inTranscript: inTranscript)
        said.append(.notice(notice))
        if let last = notices.last, last.text == text, last.level == level {
            notices[notices.count - 1].repeats += 1
            return
        }
        notices.append(notice)
        if notices.count > Self.kept {
            notices.removeFirst(notices.count - Self.kept)
            forgotten += 1
        }
    }

    /// A warning that input may repeat without end (100,000 unknown events): noted the first
    /// three times, then at 10, 100, 1,000 … with the count, never a flood.
    mutating func noteRepeated(_ text: String, now: Double) {
        if repeatCounts.count > 10_000 { repeatCounts.removeAll() }
        repeatCounts[text, default: 0] += 1
        let count = repeatCounts[text]!
        if count <= 3 {
            note(text, level: .warning, inTranscript: false, now: now)
        } else if Self.isPowerOfTen(count) {
            note("\(text) (\(count) times so far)", level: .warning, inTranscript: false, now: now)
        }
    }

    static func isPowerOfTen(_ n: Int) -> Bool {
        var n = n
        while n >= 10, n % 10 == 0 { n /= 10 }
        return n == 1
    }

    /// A transcript change, in its place among the notices.
    mutating func record(_ change: Broadcast.Update) {
        said.append(.transcript(change))
    }

    /// What was said since the last call, in order.
    mutating func take() -> [Said] {
        defer { said = [] }
        return said
    }

    /// The status-bar message, if it is still to be shown.
    public func current(now: Double) -> Message? {
        guard let message, now < message.until else { return nil }
        return message
    }

    /// The status-bar message goes (the ending says it now).
    mutating func clearMessage() { message = nil }

    /// The answer to the last key goes with the next key: it may no longer be true.
    mutating func dropAnswerToKey() {
        if message?.answersKey == true { message = nil }
    }

    /// The message is about the password: it goes when a connection opens.
    mutating func markAboutPassword() { message?.aboutPassword = true }

    /// A connection opened: what was said about a wrong password is over.
    mutating func passwordAccepted() {
        if message?.aboutPassword == true { message = nil }
    }

    /// `14:03:05`: the local time of a moment on the UI clock.
    public func clockText(_ at: Double) -> String {
        let seconds = Int((clockOrigin + at).rounded(.down)) + utcOffset
        let day = ((seconds % 86_400) + 86_400) % 86_400
        return "\((day / 3600).zeroPadded(2)):\((day / 60 % 60).zeroPadded(2)):\((day % 60).zeroPadded(2))"
    }
}

/// What to say next, and what to drop so that speech stays close to live.
/// A pure value: the player asks it, tests drive it with a fake clock.
public struct SpeechQueue: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public var sid: Int
        public var language: String
        public var text: String
        public var durationMs: Int
        public var boundaries: [WordBoundary]
        /// The MP3, still base64 (decoded only when its turn comes; dropped items cost nothing).
        public var audio: String
        /// When it was queued (the player's clock), for the `tts_ready` → first sound figure.
        public var queuedAt: Double

        public init(sid: Int, language: String, text: String, durationMs: Int, boundaries: [WordBoundary] = [],
                    audio: String = "", queuedAt: Double = 0) {
            self.sid = sid
            self.language = language
            self.text = text
            self.durationMs = durationMs
            self.boundaries = boundaries
            self.audio = audio
            self.queuedAt = queuedAt
        }

        /// A `tts_ready` as something to say. Without `duration_ms`, the length is estimated from the MP3's size.
        public init(_ event: TTSReady, queuedAt: Double) {
            self.init(sid: event.sid, language: event.language, text: event.text ?? "",
                      durationMs: event.durationMs.map { max(0, $0) } ?? VASAssumptions.estimatedSpeechMs(base64Count: event.audio.utf8.count),
                      boundaries: event.boundaries, audio: event.audio, queuedAt: queuedAt)
        }
    }

    /// `--tts-max-lag` (`tts_max_lag`): the most speech allowed to wait, in seconds. Its one
    /// home: the default and the range every reader of the setting uses.
    public static let defaultMaxLag = 8.0
    /// The longest lag taken: ten minutes of speech behind is no longer live.
    public static let maxLagLimit = 600.0
    /// How the range is said in a refusal.
    public static let maxLagWords = "a number of seconds, more than 0 and at most 600, like 8"

    /// Whether `value` is a lag the queue takes.
    public static func isValidMaxLag(_ value: Double) -> Bool { value > 0 && value <= maxLagLimit }

    /// `--tts-max-lag`: the most speech allowed to wait, in seconds.
    public var maxLag: Double
    public private(set) var waiting: [Item] = []
    /// What plays now, and when it started (seconds, the player's clock).
    public private(set) var playing: (item: Item, started: Double)?
    public var muted = false

    public init(maxLag: Double = SpeechQueue.defaultMaxLag) {
        self.maxLag = maxLag
    }

    public static func == (a: SpeechQueue, b: SpeechQueue) -> Bool {
        a.maxLag == b.maxLag && a.waiting == b.waiting && a.muted == b.muted
            && a.playing?.item == b.playing?.item && a.playing?.started == b.playing?.started
    }

    /// Seconds of speech ahead: the rest of what plays, and all that waits.
    public func backlog(now: Double) -> Double {
        let rest = playing.map { max(0, Double($0.item.durationMs) / 1000 - (now - $0.started)) } ?? 0
        return rest + waiting.reduce(0) { $0 + Double($1.durationMs) / 1000 }
    }

    /// A new sentence to say; returns how many waiting sentences were dropped to stay
    /// within `maxLag` (the oldest go first). Muted, it is dropped at once.
    @discardableResult
    public mutating func enqueue(_ item: Item, now: Double) -> Int {
        guard !muted else { return 0 }
        waiting.append(item)
        var dropped = 0
        while waiting.count > 1, backlog(now: now) > maxLag {
            waiting.removeFirst()
            dropped += 1
        }
        return dropped
    }

    /// The next sentence to start, if nothing is playing.
    public mutating func start(now: Double) -> Item? {
        guard playing == nil, !waiting.isEmpty else { return nil }
        let item = waiting.removeFirst()
        playing = (item, now)
        return item
    }

    /// The sentence finished playing (or was skipped).
    public mutating func finished() {
        playing = nil
    }

    /// Forgets what waits (the sentence playing ends when its player notices); returns how many.
    @discardableResult
    public mutating func dropWaiting() -> Int {
        defer { waiting.removeAll() }
        return waiting.count
    }

    /// Mute drops what waits, and keeps dropping (nothing piles up for later).
    public mutating func setMuted(_ value: Bool) {
        muted = value
        if value { waiting.removeAll() }
    }

    /// The boundary being said `elapsedMs` into a sentence (overflow-safe with any offsets).
    public static func word(in boundaries: [WordBoundary], elapsedMs: Int) -> WordBoundary? {
        boundaries.last { boundary in
            let (into, overflow) = elapsedMs.subtractingReportingOverflow(boundary.offsetMs)
            return !overflow && into >= 0 && into < max(boundary.durationMs, 1)
        }
    }

    /// Milliseconds from `elapsedMs` until the highlighted word changes, if it will.
    public static func nextChange(in boundaries: [WordBoundary], elapsedMs: Int) -> Int? {
        var next: Int?
        for boundary in boundaries {
            for edge in [boundary.offsetMs, boundary.offsetMs.addingReportingOverflow(max(boundary.durationMs, 1)).partialValue]
            where edge > elapsedMs {
                next = min(next ?? edge, edge)
            }
        }
        return next.map { $0 - elapsedMs }
    }
}

/// Word boundaries index the translated text in UTF-16 code units (the service's
/// reference client is JavaScript). They are never trusted: out of range is clamped,
/// nonsense gives no highlight, never a crash.
public enum SpeechHighlight {
    public static func range(of boundary: WordBoundary, in text: String) -> Range<String.Index>? {
        let utf16 = text.utf16
        let count = utf16.count
        // Any Int may arrive: no arithmetic here may overflow.
        guard boundary.wordLength > 0, boundary.textOffset < count else { return nil }
        let (sum, overflow) = boundary.textOffset.addingReportingOverflow(boundary.wordLength)
        let start = max(0, boundary.textOffset)
        let end = overflow ? count : min(count, sum)
        guard end > start else { return nil }
        // An offset inside a surrogate pair or a grapheme rounds outwards to whole characters.
        var from = utf16.index(utf16.startIndex, offsetBy: start)
        while from > text.startIndex, String.Index(from, within: text) == nil { from = utf16.index(before: from) }
        var to = utf16.index(utf16.startIndex, offsetBy: end)
        while to < text.endIndex, String.Index(to, within: text) == nil { to = utf16.index(after: to) }
        return from < to ? from..<to : nil
    }
}

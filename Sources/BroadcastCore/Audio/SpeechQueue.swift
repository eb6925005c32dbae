/// What to say next, and what to drop so that speech stays close to live.
/// A pure value: the player asks it, tests drive it with a fake clock.
public struct SpeechQueue: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public var sid: Int
        public var language: String
        public var text: String
        public var durationMs: Int
        public var boundaries: [WordBoundary]

        public init(sid: Int, language: String, text: String, durationMs: Int, boundaries: [WordBoundary] = []) {
            self.sid = sid
            self.language = language
            self.text = text
            self.durationMs = durationMs
            self.boundaries = boundaries
        }
    }

    /// `--tts-max-lag`: the most speech allowed to wait, in seconds.
    public var maxLag: Double
    public private(set) var waiting: [Item] = []
    /// What plays now, and when it started (seconds, the player's clock).
    public private(set) var playing: (item: Item, started: Double)?
    public var muted = false

    public init(maxLag: Double = 8) {
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

    /// Language switched or speech turned off: nothing old is said.
    public mutating func flush() {
        waiting.removeAll()
        playing = nil
    }

    /// Mute drops what waits, and keeps dropping (nothing piles up for later).
    public mutating func setMuted(_ value: Bool) {
        muted = value
        if value { waiting.removeAll() }
    }

    /// The word being said now, for the highlight.
    public func spokenWord(now: Double) -> WordBoundary? {
        guard let (item, started) = playing else { return nil }
        let elapsed = Int((now - started) * 1000)
        return item.boundaries.last { $0.offsetMs <= elapsed && elapsed < $0.offsetMs + max($0.durationMs, 1) }
    }
}

/// Word boundaries index the translated text in UTF-16 code units (the service's
/// reference client is JavaScript). They are never trusted: out of range is clamped,
/// nonsense gives no highlight, never a crash.
public enum SpeechHighlight {
    public static func range(of boundary: WordBoundary, in text: String) -> Range<String.Index>? {
        let utf16 = text.utf16
        let count = utf16.count
        guard boundary.wordLength > 0, boundary.textOffset < count, boundary.textOffset + boundary.wordLength > 0 else {
            return nil
        }
        let start = max(0, boundary.textOffset)
        let end = min(count, boundary.textOffset + boundary.wordLength)
        guard end > start else { return nil }
        // An offset inside a surrogate pair or a grapheme rounds outwards to whole characters.
        var from = utf16.index(utf16.startIndex, offsetBy: start)
        while from > text.startIndex, String.Index(from, within: text) == nil { from = utf16.index(before: from) }
        var to = utf16.index(utf16.startIndex, offsetBy: end)
        while to < text.endIndex, String.Index(to, within: text) == nil { to = utf16.index(after: to) }
        return from < to ? from..<to : nil
    }
}

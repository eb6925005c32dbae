/// One sentence of the broadcast, keyed by `sid` within its recording.
public struct Sentence: Equatable, Sendable {
    public let sid: Int
    /// `nil` while only translations (or errors) for this sid have arrived.
    public var original: String?
    public var language: String?
    public var isFinal = false
    /// `mm:ss` as the server sent it.
    public var startTime: String?
    /// The speaker after reassignments and merges (resolve labels through the segment's speakers).
    public var speakerID: String?
    /// Language → translated text.
    public var translations: [String: TranslatedText] = [:]
    /// Language → why the translation failed.
    public var errors: [String: String] = [:]

    public init(sid: Int) {
        self.sid = sid
    }

    /// Start time in seconds, from `mm:ss` (or `h:mm:ss`); `nil` when absent or unreadable.
    public var startSeconds: Int? {
        guard let startTime else { return nil }
        return TimeCode.seconds(startTime)
    }
}

public struct TranslatedText: Equatable, Sendable {
    public var text: String
    public var isFinal: Bool
    public init(text: String, isFinal: Bool) {
        self.text = text
        self.isFinal = isFinal
    }
}

/// `mm:ss` time codes as the service sends them.
public enum TimeCode {
    /// `05:07` → 307; `1:02:03` → 3723; anything else → nil.
    public static func seconds(_ code: String) -> Int? {
        let parts = code.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        var total = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 6, let value = Int(part), value >= 0 else { return nil }
            total = total * 60 + value
        }
        return total
    }

    /// 307 → `05:07`; an hour or more → `1:02:03`.
    public static func format(_ seconds: Int) -> String {
        let s = max(0, seconds)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s >= 3600 { return "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" }
        return "\(two(s / 60)):\(two(s % 60))"
    }
}

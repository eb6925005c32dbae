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
    public var translations: LanguageMap<TranslatedText> = [:]
    /// Language → why the translation failed.
    public var errors: LanguageMap<String> = [:]

    public init(sid: Int) {
        self.sid = sid
    }

    /// Start time in seconds, from `mm:ss` (or `h:mm:ss`); `nil` when absent or unreadable.
    public var startSeconds: Int? {
        guard let startTime else { return nil }
        return TimeCode.seconds(startTime)
    }
}

/// A few values by language, as a short list: a sentence has two or three translations,
/// and a hash table for so few costs twice the memory (tens of thousands of sentences).
public struct LanguageMap<Value: Equatable & Sendable>: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    // Inlinable: the screen (another module) reads a sentence's translations for every line it draws.
    @usableFromInline struct Entry: Equatable, Sendable {
        @usableFromInline let language: String
        @usableFromInline var value: Value
        @usableFromInline init(language: String, value: Value) {
            self.language = language
            self.value = value
        }
    }

    @usableFromInline var entries: [Entry] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, Value)...) {
        for (language, value) in elements { self[language] = value }
    }

    @inlinable public subscript(language: String) -> Value? {
        get { entries.first { $0.language == language }?.value }
        set {
            let index = entries.firstIndex { $0.language == language }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append(Entry(language: language, value: value))
            case (nil, nil): break
            }
        }
    }

    @inlinable public var isEmpty: Bool { entries.isEmpty }
    @inlinable public var count: Int { entries.count }
    /// In the order they arrived.
    public var keys: [String] { entries.map(\.language) }
    public var values: [Value] { entries.map(\.value) }

    public func mapValues<T>(_ transform: (Value) -> T) -> [String: T] {
        Dictionary(entries.map { ($0.language, transform($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The same languages with the same values, in any order.
    public static func == (a: Self, b: Self) -> Bool {
        a.entries.count == b.entries.count && a.entries.allSatisfy { b[$0.language] == $0.value }
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
        if s >= 3600 { return "\(s / 3600):\((s / 60 % 60).zeroPadded(2)):\((s % 60).zeroPadded(2))" }
        return "\((s / 60).zeroPadded(2)):\((s % 60).zeroPadded(2))"
    }
}

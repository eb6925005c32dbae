/// A host message with its translations (`standby`, `announcement`).
public struct LocalizedMessage: Equatable, Sendable {
    public var original: String
    /// Language code → translated text.
    public var translations: [String: String]

    public init(original: String, translations: [String: String] = [:]) {
        self.original = original
        self.translations = translations
    }

    /// The text in `language` (exact tag, else same primary subtag), else the original.
    public func text(in language: String?) -> String {
        guard let language else { return original }
        if let exact = translations[language], !exact.isEmpty { return exact }
        if let key = LanguageTag.bestMatch(for: language, among: translations.keys),
           let text = translations[key], !text.isEmpty {
            return text
        }
        return original
    }
}

/// BCP 47 tags as the service uses them (`en-US`, `ja-JP`, sometimes just `ja`).
public enum LanguageTag {
    /// `ja-JP` → `ja`, compared case-insensitively.
    public static func primarySubtag(_ tag: String) -> Substring {
        tag.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(tag)
    }

    /// The candidate equal to `tag` (ignoring case), else the first whose primary
    /// subtag equals `tag`'s, in a stable (sorted) order.
    public static func bestMatch(for tag: String, among candidates: some Sequence<String>) -> String? {
        let lowered = tag.lowercased()
        let sorted = candidates.sorted()
        if let exact = sorted.first(where: { $0.lowercased() == lowered }) { return exact }
        let primary = primarySubtag(lowered)
        return sorted.first { primarySubtag($0.lowercased()) == primary }
    }

    /// Every candidate that `tag` names: the exact one if present, else all that
    /// share its primary subtag (an error for `zh` concerns `zh-TW` and `zh-CN`).
    public static func matches(for tag: String, among candidates: some Sequence<String>) -> [String] {
        let lowered = tag.lowercased()
        let list = Array(candidates)
        if let exact = list.first(where: { $0.lowercased() == lowered }) { return [exact] }
        let primary = primarySubtag(lowered)
        return list.filter { primarySubtag($0.lowercased()) == primary }.sorted()
    }
}

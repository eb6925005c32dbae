/// Speaker labels and merges of one recording.
///
/// Labels belong to speakers, not sentences: a rename relabels every sentence
/// of that speaker, including those that arrive later. Until the host names a
/// speaker, the latest label on its sentences stands; after, the host's does. A merge is remembered,
/// so a late sentence still tagged with the merged-away speaker lands on the
/// target.
public struct SpeakerDirectory: Equatable, Sendable {
    /// Speaker id → display label (the latest the server gave).
    public private(set) var labels: [String: String] = [:]
    /// Merged-away speaker id → the speaker it was merged into.
    public private(set) var mergedInto: [String: String] = [:]
    /// Speakers the host named with an explicit event: a label riding on a
    /// sentence (perhaps prepared before the rename) no longer changes them.
    public private(set) var named: Set<String> = []

    public init() {}

    /// The speaker `id` stands for now, following merges (chains included).
    public func resolve(_ id: String) -> String {
        var current = id
        var steps = 0
        while let next = mergedInto[current], steps < mergedInto.count {
            current = next
            steps += 1
        }
        return current
    }

    /// The label to show for a (resolved) speaker id.
    public func label(for id: String?) -> String? {
        guard let id else { return nil }
        return labels[id] ?? id
    }

    /// Takes in what an origin or translation says of its speaker. Returns the
    /// resolved id to store on the sentence, if the event named one.
    mutating func observe(_ tag: SpeakerTag) -> String? {
        guard let raw = tag.id ?? tag.label, !raw.isEmpty else { return nil }
        let resolved = resolve(raw)
        // A label that came with a merged-away id is stale: the target's label stands.
        if resolved == raw, !named.contains(resolved), let label = tag.label, !label.isEmpty {
            labels[resolved] = label
        }
        return resolved
    }

    mutating func rename(_ id: String, to label: String) {
        labels[id] = label
        named.insert(id)
    }

    /// An explicit reassignment to `id` makes `id` a speaker in its own right again.
    mutating func reassign(to id: String, label: String?) {
        mergedInto[id] = nil
        if let label, !label.isEmpty {
            labels[id] = label
            named.insert(id)
        }
    }

    mutating func merge(_ source: String, into target: String, label: String?) {
        if let label, !label.isEmpty {
            labels[target] = label
            named.insert(target)
        }
        guard source != target else { return }
        // Whatever pointed at the source now points at the target.
        for (key, value) in mergedInto where value == source { mergedInto[key] = target }
        mergedInto[source] = target
        // The target is a live speaker: a merge back the other way (A→B, then B→A)
        // must not leave a cycle.
        mergedInto[target] = nil
    }
}

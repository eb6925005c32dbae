/// Plain mode: the transcript as append-only lines, for pipes, files and
/// terminals without curses.
///
///     [00:05] Royx: 大家好，歡迎來到今天的發表會。
///       → Hello everyone, welcome to today's presentation.
///     # paused: Live stream is paused
///
/// Each sentence is printed once, when final, together with its translation in
/// the chosen language. The `#` lines between them are the viewer's notices, in the
/// words the full screen lists them (ViewerTUI's update function); this prints the sentences. A sentence waits for its translation while at most
/// `maxWaiting` later sentences are final and for at most `maxWait` seconds;
/// a translation that comes later still is printed on its own line.
public struct PlainPrinter: Sendable {
    /// The language asked for; `nil` takes the broadcast's first.
    public var requestedLanguage: String?
    public var maxWaiting = 3
    public var maxWait = 8.0

    private struct Key: Hashable { var segment: Int; var sid: Int }
    /// Final sentences not printed yet, in order, with when they became final.
    private var waiting: [(key: Key, since: Double)] = []
    private var printed: Set<Key> = []
    /// Printed before their translation arrived: a late one gets its own line.
    private var awaitingLateTranslation: Set<Key> = []
    /// The gaps said, by recording: a later partial fill must not say them again.
    private var saidGaps: [Int: [ClosedRange<Int>]] = [:]

    public init(language: String? = nil) {
        self.requestedLanguage = language
    }

    /// The language whose translations are printed, given what the broadcast offers.
    public func language(in model: Broadcast) -> String? {
        model.language(for: requestedLanguage)
    }

    /// Lines to print after one stream item was applied to `model` with result `update`.
    public mutating func lines(after update: Broadcast.Update, model: Broadcast, now: Double) -> [String] {
        var out: [String] = []
        let segment = model.transcript.current
        switch update.transcript {
        case .sentence(let sid):
            let key = Key(segment: segment.index, sid: sid)
            if let sentence = segment.sentences[sid] {
                if printed.contains(key) {
                    out += lateTranslation(sentence, key: key, model: model)
                } else if sentence.isFinal || Self.onlyTranslated(sentence), !waiting.contains(where: { $0.key == key }) {
                    waiting.append((key, now))
                }
            }
        case .newSegment:
            out += drain(model.transcript.segments[model.transcript.segments.count - 2], model: model)
        case .speakers, .none:
            break
        }
        // The end is said last: every sentence still waiting for its translation comes first.
        if update.signal == .stop { out += drain(segment, model: model) }
        out += flush(model: model, all: false, now: now)
        return out
    }

    /// When `tick` should next be called (a sentence waiting for its translation), if ever.
    public var nextDeadline: Double? {
        waiting.first.map { $0.since + maxWait }
    }

    /// Time passes with nothing arriving: print what waited long enough.
    public mutating func tick(model: Broadcast, now: Double) -> [String] {
        flush(model: model, all: false, now: now)
    }

    /// End of the stream: everything left, finished or not.
    public mutating func finish(model: Broadcast) -> [String] {
        drain(model.transcript.current, model: model)
    }

    /// Everything of a recording not printed yet, finished or not: nothing said is left out.
    private mutating func drain(_ segment: Segment, model: Broadcast) -> [String] {
        var out = flush(model: model, all: true, segment: segment)
        for sentence in segment.sentences.values where sentence.original != nil || Self.onlyTranslated(sentence) {
            let key = Key(segment: segment.index, sid: sentence.sid)
            if !printed.contains(key) { out += lines(for: sentence, in: segment, key: key, model: model) }
        }
        return out
    }

    // MARK: - Sentences

    private mutating func flush(model: Broadcast, all: Bool, now: Double = .infinity,
                                segment explicit: Segment? = nil) -> [String] {
        let segment = explicit ?? model.transcript.current
        let language = language(in: model)
        var out: [String] = []
        while let head = waiting.first {
            guard head.key.segment == segment.index, let sentence = segment.sentences[head.key.sid] else {
                waiting.removeFirst()
                continue
            }
            // A translation whose original has not come waits for it as long as a sentence waits for its translation.
            let settled = sentence.original == nil ? false : translationSettled(sentence, language: language)
            let ready = all || settled || waiting.count - 1 > maxWaiting || now - head.since >= maxWait
            guard ready else { break }
            waiting.removeFirst()
            out += lines(for: sentence, in: segment, key: head.key, model: model)
        }
        return out
    }

    private func translationSettled(_ sentence: Sentence, language: String?) -> Bool {
        guard let language else { return true }
        return sentence.translations[language]?.isFinal == true || sentence.errors[language] != nil
            || sentence.errors["*"] != nil
    }

    private mutating func lines(for sentence: Sentence, in segment: Segment, key: Key, model: Broadcast) -> [String] {
        printed.insert(key)
        var out: [String] = []
        // Sentences that never arrived are said where they would have been.
        if let gap = segment.gaps.first(where: { $0.beforeSid == sentence.sid }),
           !(saidGaps[segment.index] ?? []).contains(where: { $0.contains(gap.fromSid) }) {
            saidGaps[segment.index, default: []].append(gap.fromSid...gap.toSid)
            out.append(Self.gapLine(gap))
        }
        var head = ""
        if let time = sentence.startTime { head += "[\(time)] " }
        if showsSpeakers(model), let label = segment.speakerLabel(of: sentence) { head += "\(label): " }
        out.append(head + (sentence.original ?? (sentence.startTime == nil ? "(#\(sentence.sid)) " : "") + Self.originalNotReceived))
        if let language = language(in: model) {
            if let translated = sentence.translations[language] {
                out.append("  → " + translated.text)
            } else if let error = sentence.errors[language] ?? sentence.errors["*"] {
                out.append("  → [translation failed: \(error)]")
            } else {
                awaitingLateTranslation.insert(key)
            }
        }
        return out
    }

    private mutating func lateTranslation(_ sentence: Sentence, key: Key, model: Broadcast) -> [String] {
        guard awaitingLateTranslation.contains(key), let language = language(in: model),
              let translated = sentence.translations[language], translated.isFinal
        else { return [] }
        awaitingLateTranslation.remove(key)
        let reference = sentence.startTime.map { "[\($0)] " } ?? "(#\(sentence.sid)) "
        return ["  → \(reference)\(translated.text)"]
    }

    /// What stands for an original that never came (its translation did: said, not dropped).
    public static let originalNotReceived = "(original not received)"

    /// A sentence of which only a final translation came.
    static func onlyTranslated(_ sentence: Sentence) -> Bool {
        sentence.original == nil && sentence.translations.values.contains { $0.isFinal }
    }

    private func showsSpeakers(_ model: Broadcast) -> Bool {
        model.viewer.recognitionMode != .single
    }

    // MARK: - Gaps

    /// `# ⋯ 2 sentences missed while reconnecting (00:12–00:18)`: the word "missed" in every
    /// form, so that people and scripts find it.
    public static func gapLine(_ gap: Gap) -> String {
        "# ⋯ " + gap.description
    }
}

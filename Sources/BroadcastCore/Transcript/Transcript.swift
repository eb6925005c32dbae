import Collections

/// Everything that was said, as a pure value: feed it events with `apply`.
///
/// Sentences are kept per recording (`recording_started` opens a new segment);
/// nothing is ever deleted, so a new recording clears the screen, not the record.
public struct Transcript: Equatable, Sendable {
    public private(set) var segments: [Segment] = [Segment(index: 0)]
    /// Languages the broadcast offers or that have been seen, in order of appearance.
    public private(set) var languages: OrderedSet<String> = []

    public init() {}

    /// The recording being shown now.
    public var current: Segment { segments[segments.count - 1] }

    /// All sentences of all recordings, oldest first.
    public var allSentences: [(segment: Segment, sentence: Sentence)] {
        segments.flatMap { segment in segment.sentences.values.map { (segment, $0) } }
    }

    /// What an event changed, for front ends that redraw or print incrementally.
    public enum Change: Equatable, Sendable {
        case none
        /// One sentence of the current segment was added or updated.
        case sentence(sid: Int)
        /// Speaker labels changed; these sids (of the current segment) show a new speaker or label.
        case speakers(sids: [Int])
        /// A new recording started: the screen starts empty.
        case newSegment
    }

    @discardableResult
    public mutating func apply(_ event: BroadcastEvent) -> Change {
        let last = segments.count - 1
        switch event {
        case .connected(let connected):
            languages.append(contentsOf: connected.availableLanguages)
            return .none
        case .origin(let origin):
            segments[last].apply(origin)
            return .sentence(sid: origin.sid)
        case .translation(let translation):
            languages.append(translation.language)
            segments[last].apply(translation)
            return .sentence(sid: translation.sid)
        case .ttsReady(let tts):
            // The spoken text is the translation: keep it if the translation itself was missed.
            guard let text = tts.text, !text.isEmpty, segments[last].sentences[tts.sid]?.translations[tts.language] == nil
            else { return .none }
            languages.append(tts.language)
            segments[last].apply(Translation(sid: tts.sid, language: tts.language, text: text))
            return .sentence(sid: tts.sid)
        case .error(let error):
            guard let sid = error.sid else { return .none }
            segments[last].markFailed(sid: sid, language: error.translationLanguage,
                                      message: error.message ?? error.code, known: languages)
            return .sentence(sid: sid)
        case .speakerRenamed(let rename):
            return .speakers(sids: segments[last].apply(rename))
        case .speakerReassigned(let reassign):
            return .speakers(sids: segments[last].apply(reassign))
        case .speakersMerged(let merge):
            return .speakers(sids: segments[last].apply(merge))
        case .recordingStarted:
            // A repeated `recording_started` (e.g. after a reconnect) must not open empty segments.
            guard !segments[last].sentences.isEmpty else { return .none }
            segments.append(Segment(index: segments[last].index + 1))
            return .newSegment
        default:
            return .none
        }
    }
}

/// One recording: its sentences in order of first appearance, and its speakers.
public struct Segment: Equatable, Sendable {
    public let index: Int
    public private(set) var sentences: OrderedDictionary<Int, Sentence> = [:]
    public private(set) var speakers = SpeakerDirectory()

    public init(index: Int) {
        self.index = index
    }

    /// The label to show for a sentence's speaker, after renames and merges.
    public func speakerLabel(of sentence: Sentence) -> String? {
        speakers.label(for: sentence.speakerID)
    }

    mutating func apply(_ origin: Origin) {
        let speaker = speakers.observe(origin.speaker)
        update(origin.sid) { sentence in
            // A final sentence stays final: a late partial must not overwrite it.
            if !(sentence.isFinal && sentence.original != nil && !origin.isFinal) {
                sentence.original = origin.text
                sentence.isFinal = origin.isFinal
            }
            if let language = origin.language { sentence.language = language }
            if let start = origin.startTime { sentence.startTime = start }
            if let speaker { sentence.speakerID = speaker }
        }
    }

    mutating func apply(_ translation: Translation) {
        let speaker = speakers.observe(translation.speaker)
        update(translation.sid) { sentence in
            let existing = sentence.translations[translation.language]
            if !(existing?.isFinal == true && !translation.isFinal) {
                sentence.translations[translation.language] =
                    TranslatedText(text: translation.text, isFinal: translation.isFinal)
                sentence.errors[translation.language] = nil
            }
            if let speaker { sentence.speakerID = speaker }
        }
    }

    /// Marks a sentence's translation as failed. The document's example names
    /// `ja` where the broadcast's languages are `ja-JP`: no exact match means
    /// every known language with that primary subtag.
    mutating func markFailed(sid: Int, language: String?, message: String, known: OrderedSet<String>) {
        update(sid) { sentence in
            guard let language else {
                sentence.errors["*"] = message
                return
            }
            var candidates = known
            candidates.append(contentsOf: sentence.translations.keys.sorted())
            let targets = LanguageTag.matches(for: language, among: candidates)
            for target in targets.isEmpty ? [language] : targets {
                sentence.errors[target] = message
            }
        }
    }

    mutating func apply(_ rename: SpeakerRenamed) -> [Int] {
        speakers.rename(rename.speakerID, to: rename.newLabel)
        let target = speakers.resolve(rename.speakerID)
        let listed = Set(rename.affectedSids)
        var changed: [Int] = []
        // By index: iterating `sentences.values` would hold a second reference to the array,
        // and the first write would copy every sentence.
        for index in sentences.values.indices {
            let sentence = sentences.values[index]
            guard sentence.speakerID == target || listed.contains(sentence.sid) else { continue }
            if sentence.speakerID != target { sentences.values[index].speakerID = target }
            changed.append(sentence.sid)
        }
        return changed
    }

    mutating func apply(_ reassign: SpeakerReassigned) -> [Int] {
        speakers.reassign(to: reassign.newSpeakerID, label: reassign.newSpeakerLabel)
        update(reassign.sid) { $0.speakerID = reassign.newSpeakerID }
        return [reassign.sid]
    }

    mutating func apply(_ merge: SpeakersMerged) -> [Int] {
        speakers.merge(merge.sourceSpeakerID, into: merge.targetSpeakerID, label: merge.targetSpeakerLabel)
        let listed = Set(merge.affectedSids)
        var changed: [Int] = []
        for index in sentences.values.indices {  // by index, as in the rename
            let sentence = sentences.values[index]
            let next: String
            if listed.contains(sentence.sid) {
                next = merge.targetSpeakerID
            } else if let current = sentence.speakerID {
                next = speakers.resolve(current)
            } else {
                continue
            }
            if next != sentence.speakerID { sentences.values[index].speakerID = next }
            if next == merge.targetSpeakerID { changed.append(sentence.sid) }
        }
        return changed
    }

    private mutating func update(_ sid: Int, _ body: (inout Sentence) -> Void) {
        if let index = sentences.index(forKey: sid) {
            body(&sentences.values[index])
        } else {
            var sentence = Sentence(sid: sid)
            body(&sentence)
            sentences[sid] = sentence
        }
    }
}

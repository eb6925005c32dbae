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

    /// Recording `number` alone (1 is the first, as saved text numbers them); nil when there is none.
    public func only(recording number: Int) -> Transcript? {
        guard let segment = segments.first(where: { $0.index == number - 1 && !$0.sentences.isEmpty }) else { return nil }
        var copy = self
        copy.segments = [segment]
        return copy
    }

    /// Whether anything was said worth replacing an earlier file with: a final sentence or a
    /// final translation (a half sentence cut off by Ctrl-C is not).
    public var holdsWords: Bool {
        segments.contains { $0.sentences.values.contains { $0.isFinal || $0.translations.values.contains(where: \.isFinal) } }
    }

    /// How many recordings hold sentences.
    public var recordingCount: Int { segments.filter { !$0.sentences.isEmpty }.count }

    /// The languages some sentence has a translation in (offered is not enough: a stream asked
    /// for one language carries no other), in the order they were offered or seen.
    public var translatedLanguages: [String] {
        var seen = Set<String>()
        for segment in segments { for sentence in segment.sentences.values { seen.formUnion(sentence.translations.keys) } }
        return languages.filter(seen.contains)
    }

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

    /// A journal's header: the recording now being read was watched so. The first viewing of a
    /// recording is kept, unless `replacing` (the header began another broadcast's recording).
    public mutating func noteViewing(_ viewing: Viewing, replacing: Bool = false) {
        if replacing || segments[segments.count - 1].viewing == nil { segments[segments.count - 1].viewing = viewing }
    }

    /// One connection ended and the next will begin: a sentence that never arrives across
    /// this point is a gap of the current recording.
    public mutating func reconnected() {
        segments[segments.count - 1].markReconnection()
    }

    /// Every gap of every recording, oldest first.
    public var allGaps: [(segment: Segment, gap: Gap)] {
        segments.flatMap { segment in segment.gaps.map { (segment, $0) } }
    }

    /// How many sentences are missing in all (the sum of every gap).
    public var missedCount: Int { segments.reduce(0) { $0 + $1.gaps.reduce(0) { $0 + $1.count } } }

    @discardableResult
    public mutating func apply(_ event: BroadcastEvent) -> Change {
        let last = segments.count - 1
        switch event {
        case .connected(let connected):
            languages.append(contentsOf: connected.availableLanguages)
            return .none
        case .origin(let origin):
            segments[last].apply(origin, known: languages)
            return .sentence(sid: origin.sid)
        case .translation(let translation):
            languages.append(translation.language)
            segments[last].apply(translation, known: languages)
            return .sentence(sid: translation.sid)
        case .ttsReady(let tts):
            // The spoken text is the translation: keep it if the translation itself was missed.
            guard let text = tts.text, !text.isEmpty, segments[last].sentences[tts.sid]?.translations[tts.language] == nil
            else { return .none }
            languages.append(tts.language)
            segments[last].apply(Translation(sid: tts.sid, language: tts.language, text: text), known: languages)
            return .sentence(sid: tts.sid)
        case .error(let error):
            guard let sid = error.sid else { return .none }
            let shown = segments[last].markFailed(sid: sid, language: error.translationLanguage,
                                                  message: error.message ?? error.code, known: languages)
            return shown ? .sentence(sid: sid) : .none
        case .speakerRenamed(let rename):
            return .speakers(sids: segments[last].apply(rename))
        case .speakerReassigned(let reassign):
            return .speakers(sids: segments[last].apply(reassign))
        case .speakersMerged(let merge):
            return .speakers(sids: segments[last].apply(merge))
        case .recordingStarted:
            // A repeated `recording_started` (e.g. after a reconnect) must not open empty segments.
            guard !segments[last].sentences.isEmpty else { return .none }
            var next = Segment(index: segments[last].index + 1)
            next.viewing = segments[last].viewing  // the host's new recording, in the same viewing
            segments.append(next)
            return .newSegment
        default:
            return .none
        }
    }
}

/// Where a recording was watched, as a journal's header says: the broadcast, the server, when.
public struct Viewing: Equatable, Sendable {
    public var token: String?
    public var server: String?
    public var name: String?
    /// ISO 8601, as the journal writes it.
    public var started: String?

    public init(token: String? = nil, server: String? = nil, name: String? = nil, started: String? = nil) {
        self.token = token
        self.server = server
        self.name = name
        self.started = started
    }

    /// `市立圖書館說明會 (a3f9) on https://vas.example, watched 2026-12-06 09:15 UTC`: what export's headings say.
    public var description: String {
        var parts: [String] = []
        let clean = { (text: String) in TextSanitizer.clean(text) }
        switch (name.map(clean), token.map(clean)) {
        case let (name?, token?): parts.append("\(name) (\(token))")
        case let (name?, nil): parts.append(name)
        case let (nil, token?): parts.append("broadcast \(token)")
        case (nil, nil): break
        }
        if let server = server.map(clean) { parts.append("on \(server)") }
        var text = parts.joined(separator: " ")
        if let started, started.count >= 16 {
            let stamp = String(started.prefix(16)).replacing("T", with: " ") + " UTC"
            text += text.isEmpty ? "watched \(stamp)" : ", watched \(stamp)"
        }
        return text
    }
}

/// One recording: its sentences in order of first appearance, and its speakers.
public struct Segment: Equatable, Sendable {
    public let index: Int
    /// Where it was watched, when a journal said so (the first viewing of it).
    public internal(set) var viewing: Viewing?
    public private(set) var sentences: OrderedDictionary<Int, Sentence> = [:]
    public private(set) var speakers = SpeakerDirectory()
    /// What a reassignment or a sentence-level error said of a sentence not received yet
    /// (it may come after a reconnection): applied when it arrives, never shown as an empty row.
    public private(set) var pending: OrderedDictionary<Int, PendingFacts> = [:]
    /// A server that names sentences that never come cannot fill memory: the oldest facts go.
    public static let pendingLimit = 1_000
    /// Where a connection ended (see `Gap`), oldest first.
    public private(set) var reconnections: [Reconnection] = []
    /// The sentences that never arrived across a reconnection, in sid order; kept up to date
    /// as sentences come (a server that resends the missed ones fills its gap).
    public private(set) var gaps: [Gap] = []
    /// The gaps by the sentence they stand before (where the missed ones would have been):
    /// what every view and format looks up as it goes through the sentences.
    public var gapsBySentenceAfter: [Int: Gap] {
        Dictionary(gaps.map { ($0.beforeSid, $0) }, uniquingKeysWith: { first, _ in first })
    }
    /// The highest sid received in this recording.
    public private(set) var highestSid: Int?

    /// A connection ended after sentence `afterSid`; `resumedAt` is the first higher sid that
    /// came after it (nil until one does).
    public struct Reconnection: Equatable, Sendable {
        public var afterSid: Int
        public var resumedAt: Int?
    }

    /// Facts about a sentence that has not arrived.
    public struct PendingFacts: Equatable, Sendable {
        /// The speaker it was reassigned to.
        public var speakerID: String?
        /// Failed translations: (language as the error named it, or nil for all; why).
        public var failures: [Failure] = []

        public struct Failure: Equatable, Sendable {
            public var language: String?
            public var message: String
        }
    }

    public init(index: Int) {
        self.index = index
    }

    /// The label to show for a sentence's speaker, after renames and merges.
    public func speakerLabel(of sentence: Sentence) -> String? {
        speakers.label(for: sentence.speakerID)
    }

    /// A connection ended here. Before any sentence there is nothing to measure a gap from
    /// (a viewer that joins late is sent what the server keeps; sids need not start at 1).
    mutating func markReconnection() {
        guard let highestSid else { return }
        if let last = reconnections.last, last.afterSid == highestSid, last.resumedAt == nil { return }
        reconnections.append(Reconnection(afterSid: highestSid))
    }

    /// A sentence `sid` arrived: it may resume after a reconnection, or fill a gap.
    private mutating func arrived(_ sid: Int) {
        highestSid = max(highestSid ?? sid, sid)
        // A sentence resent late fills its place in a gap: the gap splits around it (or goes).
        if let index = gaps.firstIndex(where: { $0.fromSid <= sid && sid <= $0.toSid }) {
            let gap = gaps.remove(at: index)
            let time = sentences[sid]?.startTime
            var parts: [Gap] = []
            if gap.fromSid < sid { parts.append(Gap(fromSid: gap.fromSid, toSid: sid - 1, fromTime: gap.fromTime, toTime: time)) }
            if sid < gap.toSid { parts.append(Gap(fromSid: sid + 1, toSid: gap.toSid, fromTime: time, toTime: gap.toTime)) }
            gaps.insert(contentsOf: parts, at: index)
        }
        // Only the newest reconnection can still wait for the first sentence after it.
        if let last = reconnections.indices.last, reconnections[last].resumedAt == nil, sid > reconnections[last].afterSid {
            reconnections[last].resumedAt = sid
            let found = Gap.find([reconnections[last]], present: sentences.keys, in: self)
                .filter { new in !gaps.contains { $0.fromSid == new.fromSid } }  // two reconnections, one hole
            if !found.isEmpty { gaps = (gaps + found).sorted { $0.fromSid < $1.fromSid } }
        }
    }

    mutating func apply(_ origin: Origin, known: OrderedSet<String> = []) {
        let speaker = speakers.observe(origin.speaker)
        update(origin.sid, known: known) { sentence in
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

    mutating func apply(_ translation: Translation, known: OrderedSet<String> = []) {
        let speaker = speakers.observe(translation.speaker)
        update(translation.sid, known: known) { sentence in
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
    /// every known language with that primary subtag. Returns false when the sentence
    /// has not arrived: the failure waits for it.
    mutating func markFailed(sid: Int, language: String?, message: String, known: OrderedSet<String>) -> Bool {
        guard let index = sentences.index(forKey: sid) else {
            remember(sid) { $0.failures.append(.init(language: language, message: message)) }
            return false
        }
        Self.markFailed(&sentences.values[index], language: language, message: message, known: known)
        return true
    }

    private static func markFailed(_ sentence: inout Sentence, language: String?, message: String, known: OrderedSet<String>) {
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

    private mutating func remember(_ sid: Int, _ change: (inout PendingFacts) -> Void) {
        change(&pending[sid, default: PendingFacts()])
        if pending.count > Self.pendingLimit { pending.removeFirst(pending.count - Self.pendingLimit) }
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
        guard let index = sentences.index(forKey: reassign.sid) else {
            remember(reassign.sid) { $0.speakerID = reassign.newSpeakerID }
            return []
        }
        sentences.values[index].speakerID = reassign.newSpeakerID
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

    /// Changes a sentence, making it if it is new (with what was said of it before it came).
    /// Only an origin or a translation makes one: they carry text.
    private mutating func update(_ sid: Int, known: OrderedSet<String>, _ body: (inout Sentence) -> Void) {
        if let index = sentences.index(forKey: sid) {
            body(&sentences.values[index])
        } else {
            var sentence = Sentence(sid: sid)
            body(&sentence)
            if let facts = pending.removeValue(forKey: sid) {
                // The reassignment came after whatever speaker the sentence itself names.
                if let speaker = facts.speakerID { sentence.speakerID = speakers.resolve(speaker) }
                // A failure is older than a translation that came with this very event.
                let translated = sentence.translations.keys
                for failure in facts.failures {
                    if let language = failure.language, !LanguageTag.matches(for: language, among: translated).isEmpty { continue }
                    Self.markFailed(&sentence, language: failure.language, message: failure.message, known: known)
                }
            }
            sentences[sid] = sentence
            arrived(sid)
        }
    }
}

/// Sentences that never arrived: sids missing between the last sentence before a
/// reconnection and the first after it (seed 001 numbers sentences one by one; only a hole
/// across a reconnection counts, docs/api-assumptions.md). Every text form says "missed".
public struct Gap: Equatable, Sendable {
    public var fromSid: Int
    public var toSid: Int
    /// The start times of the sentences on either side (`mm:ss`), when they have one.
    public var fromTime: String?
    public var toTime: String?

    public var count: Int { toSid - fromSid + 1 }

    /// The sentence the gap stands before (where the missed ones would have been).
    public var beforeSid: Int { toSid + 1 }

    /// `2 sentences missed while reconnecting (00:12–00:18)`.
    public var description: String {
        var text = count == 1 ? "1 sentence missed while reconnecting" : "\(count) sentences missed while reconnecting"
        switch (fromTime, toTime) {
        case (let from?, let to?) where from != to: text += " (\(from)–\(to))"
        case (let at?, _), (nil, let at?): text += " (at \(at))"
        default: break
        }
        return text
    }

    /// The holes between each reconnection's last sentence and the first after it, less the
    /// sids that came since. Bounded by the sentences held, whatever sids a server sends.
    static func find(_ reconnections: [Segment.Reconnection], present: some Collection<Int>, in segment: Segment) -> [Gap] {
        var gaps: [Gap] = []
        for reconnection in reconnections {
            guard let resumed = reconnection.resumedAt, VASAssumptions.missedSentences(after: reconnection.afterSid, before: resumed) != nil else { continue }
            let inside = present.filter { $0 > reconnection.afterSid && $0 < resumed }.sorted()
            var previous = reconnection.afterSid
            for sid in inside + [resumed] {
                if let missed = VASAssumptions.missedSentences(after: previous, before: sid) {
                    gaps.append(Gap(fromSid: missed.lowerBound, toSid: missed.upperBound,
                                    fromTime: segment.sentences[previous]?.startTime, toTime: segment.sentences[sid]?.startTime))
                }
                previous = sid
            }
        }
        // Two reconnections can measure the same hole (no sentence came between them).
        var seen = Set<Int>()
        return gaps.filter { seen.insert($0.fromSid).inserted }.sorted { $0.fromSid < $1.fromSid }
    }
}

/// Reads back a transcript vas-view saved as JSON (`--save FILE.json` or `.jsonl`, or
/// `export --format json|jsonl`, both written by `TranscriptJSON`), so that `vas-view export`
/// turns it into any format.
///
/// The transcript is rebuilt the way every transcript is, by applying events to a
/// `Broadcast`: `connected` with the saved languages, then for each sentence in the file's
/// order an `origin`, its `translation`s and its failed translations (sentence `error`s),
/// `recording_started` where the recording number changes, and `.reconnected` where a gap was
/// measured. Exporting the result gives back the file it came from:
/// `render(read(render(m, json)), json) == render(m, json)`.
///
/// - Speakers: the file keeps the outcome of every rename and merge (each sentence's speaker id
///   and label). Each sentence's origin (or translation) carries them as its speaker tag, so that
///   `Segment.speakerLabel(of:)` gives the saved label.
/// - Gaps: the model measures a gap between the highest sid when a connection ended and the first
///   higher sid after it, less the sids resent later (`Gap.find`). Sentences are applied in the
///   file's order (the order they first came), so the highest sid before each one is what it was
///   live; `.reconnected` goes just before a sentence that jumps past the highest sid when a saved
///   gap lies inside that jump, and every gap is measured again. The start times a gap quotes
///   (those of the sentences either side when it was measured) are given to those sentences until
///   the end of their recording, then their own. A gap that cannot be measured again (the file
///   was edited) is named as a problem.
/// - Text passes `TextSanitizer` as it is read, as the journal reader's does: a saved file has
///   been cleaned already, but one edited by hand must not bring terminal controls either.
/// - A bad line (JSON lines) or sentence (the document) is a problem named with its line number
///   ("line 7: …") and skipped; the rest is kept.
///
/// Not kept by the file, so not given back: the recognition mode (a subtitle export names the
/// speakers when any sentence has one), and the number of a recording exported alone with
/// `--recording N` (it is read back as the first).
public enum TranscriptReader {
    /// `TranscriptJSON.format` and its JSON lines form.
    public static let documentFormat = TranscriptJSON.format
    public static let linesFormat = TranscriptJSON.format + "-lines"

    public enum Form: Equatable, Sendable {
        /// One document: `{"format":"vas-view-transcript",…,"gaps":[…],"sentences":[…]}` (`.json`).
        case document
        /// A `vas-view-transcript-lines` header, then one sentence or gap per line (`.jsonl`).
        case lines
    }

    /// What the start of a file is, from its first JSON object's `"format"` member.
    public enum Probe: Equatable, Sendable {
        case transcript(Form)
        /// Not a saved transcript (a journal, a recording, anything else).
        case other
        /// The start given ends before the first object says: give more.
        case needMore
    }

    /// Tells a saved transcript from the first bytes of a file. `ended`: these are all the bytes
    /// there are (then the answer is never `.needMore`).
    public static func probe(_ bytes: some Collection<UInt8>, ended: Bool = false) -> Probe {
        Array(bytes).withUnsafeBufferPointer { buffer -> Probe in
            var reader = JSONReader(buffer)
            reader.skipWhitespace()
            var format: String?
            var cutShort = false
            do throws(JSONError) {
                try reader.readObject { key, r throws(JSONError) in
                    guard key == "format" else { return try r.skipValue() }
                    format = try r.optionalRawString("format")
                    // Found: the rest of the object does not matter.
                    throw JSONError(message: "found", offset: -1)
                }
            } catch {
                // Stopped within a few bytes of the end (a cut string, number or literal): not known yet.
                cutShort = format == nil && error.offset >= buffer.count - 5
            }
            switch format {
            case documentFormat?: return .transcript(.document)
            case linesFormat?: return .transcript(.lines)
            default: return cutShort && !ended ? .needMore : .other
            }
        }
    }

    /// What a saved transcript holds.
    public struct Contents: Sendable {
        public var model = Broadcast()
        /// The broadcast's token, when the file names it.
        public var token: String?
        /// Sentences read.
        public var sentences = 0
        /// The first `keptProblems` problems ("line 7: …"); the rest of the file is kept.
        public var problems: [String] = []
        /// Every problem (a damaged file may have millions).
        public var problemCount = 0
        public static let keptProblems = 20
    }

    /// Either form, held whole (tests, small files).
    public static func read(_ bytes: some Collection<UInt8>) -> Contents {
        if probe(bytes, ended: true) == .transcript(.document) { return document(bytes) }
        var reader = LinesReader()
        reader.feed(bytes)
        reader.finish()
        return reader.contents
    }

    public static func read(_ text: String) -> Contents {
        read(Array(text.utf8))
    }

    // MARK: - JSON lines

    /// Reads the JSON lines form a line at a time (a file of any size, in chunks), like
    /// `Journal.Reader`: never fails as a whole; a bad line is a problem noted and skipped.
    public struct LinesReader {
        private var restorer = Restorer(gapsKnownAhead: false)
        private var number = 0
        /// The start of a line whose end has not come yet.
        private var partial: [UInt8] = []

        public init() {}

        /// Complete once `finish()` has been called.
        public var contents: Contents { restorer.contents }

        /// Bytes as they come: every complete line is read.
        public mutating func feed(_ bytes: some Collection<UInt8>) {
            partial.append(contentsOf: bytes)
            var start = 0
            while let newline = partial[start...].firstIndex(of: 0x0A) {
                read(line: Array(partial[start..<newline]))
                start = newline + 1
            }
            partial.removeFirst(start)
        }

        /// The end of the input: a last line without a line break is read too.
        public mutating func finish() {
            if !partial.isEmpty {
                read(line: partial)
                partial.removeAll()
            }
            restorer.finish()
        }

        private mutating func read(line: [UInt8]) {
            number += 1
            guard line.contains(where: { !RecordingCheck.isBlank($0) }) else { return }
            let parsed = line.withUnsafeBufferPointer { buffer -> Result<Fields, JSONError> in
                var reader = JSONReader(buffer)
                reader.skipWhitespace()
                do throws(JSONError) {
                    let fields = try Fields.read(&reader)
                    try reader.finish()
                    return .success(fields)
                } catch {
                    return .failure(error)
                }
            }
            switch parsed {
            case .failure(let error):
                restorer.problem(number, "not a transcript line (\(error))")
            case .success(let fields):
                switch fields.entry(line: number) {
                case .header(let header):
                    if header.format != linesFormat {
                        restorer.problem(number, "a header of another format ('\(TextSanitizer.clean(header.format))'); read as a transcript's")
                    }
                    restorer.header(header, line: number)
                case .sentence(let sentence):
                    restorer.take(sentence)
                case .gap(let gap):
                    restorer.add(gap)
                case .invalid(let reason):
                    restorer.problem(number, reason)
                }
            }
        }
    }

    // MARK: - The document

    /// Reads the document form. It is held whole (its sentences are one JSON array, and its gaps
    /// come before them), so it costs the memory of the file as well as of its transcript; the
    /// JSON lines form is read a line at a time.
    public static func document(_ bytes: some Collection<UInt8>) -> Contents {
        var restorer = Restorer(gapsKnownAhead: true)
        var header = Header(format: "")
        var gaps: [SavedGap] = []
        var sentences: [SavedSentence] = []
        Array(bytes).withUnsafeBufferPointer { buffer in
            var lines = LineCounter(buffer: buffer)
            var reader = JSONReader(buffer)
            reader.skipWhitespace()
            /// Each element of an array on its own, with its line: a bad sentence is named and skipped.
            func elements(of r: inout JSONReader, _ field: String, _ take: (Entry, Int) -> Void) throws(JSONError) {
                guard r.kind == .array else { throw r.wrongType(field, "an array") }
                try r.readArray { r throws(JSONError) in
                    let start = r.position
                    try r.skipValue()
                    let line = lines.line(at: start)
                    var element = JSONReader(UnsafeBufferPointer(rebasing: buffer[start..<r.position]))
                    do throws(JSONError) {
                        take(try Fields.read(&element).entry(line: line), line)
                    } catch {
                        take(.invalid("not a transcript entry (\(error))"), line)
                    }
                }
            }
            do throws(JSONError) {
                try reader.readObject { key, r throws(JSONError) in
                    if key == "format" { header.format = try r.optionalText("format") ?? "" }
                    else if key == "version" { header.version = try r.optionalInt("version") }
                    else if key == "token" { header.token = try r.optionalText("token") }
                    else if key == "languages" { header.languages = try r.textArray("languages") ?? [] }
                    else if key == "gaps" || key == "sentences" {
                        try elements(of: &r, key.string) { entry, line in
                            switch entry {
                            case .gap(let gap): gaps.append(gap)
                            case .sentence(let sentence): sentences.append(sentence)
                            case .header: restorer.problem(line, "a header among the sentences: left out")
                            case .invalid(let reason): restorer.problem(line, reason)
                            }
                        }
                    } else { try r.skipValue() }
                }
                try reader.finish()
            } catch {
                restorer.problem(lines.line(at: max(0, error.offset)), "\(error): the rest of the file could not be read")
            }
        }
        if header.format != documentFormat {
            restorer.problem(1, "not a vas-view transcript document (its format is '\(header.format)'); read as one")
        }
        restorer.header(header, line: 1)
        for gap in gaps { restorer.add(gap) }
        for sentence in sentences { restorer.take(sentence) }
        restorer.finish()
        return restorer.contents
    }

    /// Line numbers from byte offsets, counted once however many are asked (in increasing order).
    struct LineCounter {
        let buffer: UnsafeBufferPointer<UInt8>
        private var offset = 0
        private var number = 1

        init(buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

        mutating func line(at position: Int) -> Int {
            if position < offset { (offset, number) = (0, 1) }
            let end = min(position, buffer.count)
            while offset < end {
                if buffer[offset] == 0x0A { number += 1 }
                offset += 1
            }
            return number
        }
    }
}

// MARK: - What the file holds

/// A saved header: the document's own members, or the first line of JSON lines.
struct Header {
    var format: String
    var version: Int?
    var token: String?
    var languages: [String] = []
}

/// A sentence as `TranscriptJSON.object(_:in:)` writes it.
struct SavedSentence {
    var line: Int
    var sid: Int
    /// The recording (0 is the first); nil: the current one.
    var segment: Int?
    var startTime: String?
    var speakerID: String?
    var speakerLabel: String?
    var original: String?
    var language: String?
    var isFinal: Bool
    var translations: [String: String]
    var errors: [String: String]
}

/// A gap as `TranscriptJSON.object(_:in:)` writes it (`missed` is `to_sid - from_sid + 1`).
struct SavedGap {
    var line: Int
    var fromSid: Int
    var toSid: Int
    var segment: Int?
    var fromTime: String?
    var toTime: String?
}

enum Entry {
    case header(Header)
    case sentence(SavedSentence)
    case gap(SavedGap)
    case invalid(String)
}

/// Every member any entry may have, read in one pass; text through `TextSanitizer`.
struct Fields {
    var format: String?, version: Int?, token: String?, languages: [String]?
    var sid: Int?, segment: Int?, startTime: String?, speakerID: String?, speakerLabel: String?
    var original: String?, language: String?, isFinal: Bool?
    var translations: [String: String] = [:], errors: [String: String] = [:]
    var fromSid: Int?, toSid: Int?, fromTime: String?, toTime: String?

    static func read(_ reader: inout JSONReader) throws(JSONError) -> Fields {
        var f = Fields()
        try reader.readObject { key, r throws(JSONError) in
            if key == "sid" { f.sid = try r.optionalInt("sid") }
            else if key == "segment" { f.segment = try r.optionalInt("segment") }
            else if key == "start_time" { f.startTime = try r.optionalText("start_time") }
            else if key == "speaker_id" { f.speakerID = try r.optionalText("speaker_id") }
            else if key == "speaker_label" { f.speakerLabel = try r.optionalText("speaker_label") }
            else if key == "original" { f.original = try r.optionalText("original") }
            else if key == "language" { f.language = try r.optionalText("language") }
            else if key == "is_final" { f.isFinal = try r.optionalBool("is_final") }
            else if key == "translations" { f.translations = try r.textMap("translations") }
            else if key == "errors" { f.errors = try r.textMap("errors") }
            else if key == "from_sid" { f.fromSid = try r.optionalInt("from_sid") }
            else if key == "to_sid" { f.toSid = try r.optionalInt("to_sid") }
            else if key == "from_time" { f.fromTime = try r.optionalText("from_time") }
            else if key == "to_time" { f.toTime = try r.optionalText("to_time") }
            else if key == "format" { f.format = try r.optionalText("format") }
            else if key == "version" { f.version = try r.optionalInt("version") }
            else if key == "token" { f.token = try r.optionalText("token") }
            else if key == "languages" { f.languages = try r.textArray("languages") }
            else { try r.skipValue() }  // "missed", "text" (made from the sids and times), anything newer
        }
        return f
    }

    func entry(line: Int) -> Entry {
        if let format {
            return .header(Header(format: format, version: version, token: token, languages: languages ?? []))
        }
        if let sid {
            return .sentence(SavedSentence(line: line, sid: sid, segment: segment, startTime: startTime, speakerID: speakerID,
                                           speakerLabel: speakerLabel, original: original, language: language,
                                           isFinal: isFinal ?? (original != nil), translations: translations, errors: errors))
        }
        guard fromSid != nil || toSid != nil else { return .invalid("neither a sentence (no 'sid') nor a gap (no 'from_sid')") }
        guard let fromSid, let toSid, fromSid <= toSid, fromSid > Int.min, toSid < Int.max else {
            return .invalid("a gap without a 'from_sid' and a 'to_sid' at or after it")
        }
        return .gap(SavedGap(line: line, fromSid: fromSid, toSid: toSid, segment: segment, fromTime: fromTime, toTime: toTime))
    }
}

// MARK: - Rebuilding the transcript

/// Applies what a saved transcript holds to a model, entry by entry (see `TranscriptReader`).
struct Restorer {
    private(set) var contents = TranscriptReader.Contents()
    /// The document names every gap before its first sentence. JSON lines name a gap on the line
    /// before the sentence after it, which comes after the jump the gap lies in when sentences
    /// were resent out of order: then the sentences from the jump on are held (see `Hold`).
    let gapsKnownAhead: Bool
    /// The saved number of the recording being rebuilt.
    private var recording: Int?
    /// Gaps read and not yet checked, by saved recording number.
    private var gaps: [Int: [SavedGap]] = [:]
    /// Per saved recording: sid → the start time a gap quotes for it (nil: none).
    private var quotedTimes: [Int: [Int: String?]] = [:]
    /// Sentences given a gap's start time instead of their own: their own, at the end of the recording.
    private var ownTimes: [Int: Origin] = [:]
    private var hold: Hold?
    private var held: [SavedSentence] = []
    /// Sentences held at most; past this a jump is taken as no reconnection.
    static let holdLimit = 10_000

    /// A sentence jumped past the highest sid (`after`) to `resumed`, and no gap read so far lies
    /// between: the next lines say whether one does (reconnect there), or whether every sid between
    /// came later (nothing to measure), before the jump is applied.
    private struct Hold {
        var after: Int
        var resumed: Int
        var filled: Set<Int> = []
        var between: Int? { let (d, overflow) = resumed.subtractingReportingOverflow(after); return overflow ? nil : d - 1 }
    }

    init(gapsKnownAhead: Bool) {
        self.gapsKnownAhead = gapsKnownAhead
    }

    mutating func problem(_ line: Int, _ text: String) {
        contents.problemCount += 1
        if contents.problems.count < TranscriptReader.Contents.keptProblems { contents.problems.append("line \(line): \(text)") }
    }

    mutating func header(_ header: Header, line: Int) {
        if let version = header.version, version != TranscriptJSON.version {
            problem(line, "version \(version) of the transcript format; read as version \(TranscriptJSON.version)")
        }
        contents.token = contents.token ?? header.token
        if !header.languages.isEmpty { contents.model.apply(.connected(Connected(availableLanguages: header.languages))) }
    }

    mutating func add(_ gap: SavedGap) {
        let number = gap.segment ?? recording ?? 0
        gaps[number, default: []].append(gap)
        quotedTimes[number, default: [:]].updateValue(gap.fromTime, forKey: gap.fromSid - 1)
        quotedTimes[number, default: [:]].updateValue(gap.toTime, forKey: gap.toSid + 1)
        if let hold, number == recording, gap.fromSid > hold.after, gap.toSid < hold.resumed { release(reconnect: true) }
    }

    /// A sentence in the file's order: applied, or held while a jump is undecided.
    mutating func take(_ sentence: SavedSentence) {
        guard var hold else { return restore(sentence) }
        held.append(sentence)
        if (sentence.segment ?? recording) != recording { return release(reconnect: false) }
        if sentence.sid > hold.after, sentence.sid < hold.resumed {
            hold.filled.insert(sentence.sid)
            self.hold = hold
            if let between = hold.between, hold.filled.count >= between { return release(reconnect: false) }
        }
        if held.count > Self.holdLimit { release(reconnect: false) }
    }

    /// The end of the file.
    mutating func finish() {
        // Releasing one jump may hold the next (its gap may come later in what is held).
        while hold != nil { release(reconnect: false) }
        endRecording()
        for number in gaps.keys.sorted() {
            for gap in gaps[number] ?? [] {
                problem(gap.line, "a gap in recording \(number + 1), which holds no sentence: left out")
            }
        }
        gaps = [:]
    }

    private mutating func release(reconnect: Bool) {
        let sentences = held
        held = []
        hold = nil
        for (index, sentence) in sentences.enumerated() {
            if index == 0 { restore(sentence, reconnect: reconnect) } else { take(sentence) }
        }
    }

    private func gapLies(after: Int, before: Int) -> Bool {
        (gaps[recording ?? 0] ?? []).contains { $0.fromSid > after && $0.toSid < before }
    }

    /// The events that make the saved sentence. `reconnect`: whether a jump it makes crosses a
    /// reconnection, when already decided.
    private mutating func restore(_ sentence: SavedSentence, reconnect decided: Bool? = nil) {
        guard sentence.original != nil || !sentence.translations.isEmpty else {
            return problem(sentence.line, "sentence \(sentence.sid) has neither an original nor a translation: left out")
        }
        let number = sentence.segment ?? recording ?? 0
        if number != recording {
            if recording != nil {
                endRecording()
                contents.model.apply(.recordingStarted)
            }
            recording = number
        }
        // Asked of a temporary, not kept in a local: a copy of the segment alive while the model
        // changes would make every change copy all its sentences.
        let isNew = contents.model.transcript.current.sentences[sentence.sid] == nil
        if isNew, let highest = contents.model.transcript.current.highestSid, highest < Int.max, sentence.sid > highest + 1 {
            // A jump past every sid so far: across a reconnection if a saved gap lies inside it.
            let reconnect = decided ?? gapLies(after: highest, before: sentence.sid)
            if decided == nil, !reconnect, !gapsKnownAhead {
                hold = Hold(after: highest, resumed: sentence.sid)
                held = [sentence]
                return
            }
            if reconnect { contents.model.apply(.reconnected) }
        }
        contents.sentences += 1
        let speaker = SpeakerTag(id: sentence.speakerID, label: sentence.speakerLabel)
        if let text = sentence.original {
            var origin = Origin(sid: sentence.sid, text: text, isFinal: sentence.isFinal, language: sentence.language,
                                speaker: speaker, startTime: sentence.startTime)
            // The time a gap quotes for this sentence is the one it had when the gap was measured.
            if isNew, let own = sentence.startTime, let quoted = quotedTimes[number]?[sentence.sid], quoted != own {
                ownTimes[sentence.sid] = origin
                origin.startTime = quoted
            }
            contents.model.apply(.origin(origin))
        }
        for language in sentence.translations.keys.sorted() {
            contents.model.apply(.translation(Translation(sid: sentence.sid, language: language, text: sentence.translations[language]!,
                                                          speaker: speaker)))
        }
        // After the translations: a failure that came after a translation keeps both.
        for language in sentence.errors.keys.sorted() {
            contents.model.apply(.error(ServerError(code: "translation_failed", message: sentence.errors[language], severity: .warning,
                                                    context: "translation", sid: sentence.sid,
                                                    translationLanguage: language == "*" ? nil : language)))
        }
    }

    /// The recording is complete: sentences get their own start times back, and every gap read
    /// for it has been measured again, or is named.
    private mutating func endRecording() {
        for origin in ownTimes.values { contents.model.apply(.origin(origin)) }
        ownTimes = [:]
        guard let recording else { return }
        let measured = Set(contents.model.transcript.current.gaps.map { [$0.fromSid, $0.toSid] })
        for gap in gaps[recording] ?? [] where !measured.contains([gap.fromSid, gap.toSid]) {
            problem(gap.line, "the gap of sids \(gap.fromSid)–\(gap.toSid) does not fit the sentences around it: left out")
        }
        gaps[recording] = nil
        quotedTimes[recording] = nil
    }
}


/// The formats a transcript can be saved in.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Readable, bilingual, with times and speakers.
    case txt
    /// Everything, one document.
    case json
    /// Everything, a header line and one sentence per line.
    case jsonl
    /// Subtitles.
    case srt
    case vtt

    /// From a file name's extension (`talk.SRT` → `.srt`); nil when it names none of these.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(rawValue: name[name.index(after: dot)...].lowercased())
    }

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What to put in a saved transcript besides the format.
public struct ExportOptions: Sendable, Equatable {
    public var format: ExportFormat
    /// Subtitles and text: the translation language (nil: the one shown, else the broadcast's first).
    public var language: String?
    /// Subtitles: the original and the translation in one cue.
    public var bilingual = false
    public var token: String?
    /// When the file was made (the text format's header).
    public var date: UTCTime?

    public init(format: ExportFormat, language: String? = nil, bilingual: Bool = false, token: String? = nil, date: UTCTime? = nil) {
        self.format = format
        self.language = language
        self.bilingual = bilingual
        self.token = token
        self.date = date
    }
}

/// A transcript out as text, subtitles or JSON — from the live model, a replay, or a journal.
///
/// Never contains the password or the viewer access token: nothing here ever held them.
public enum TranscriptExport {
    /// The whole file as one string (tests, small transcripts); `write` streams it instead.
    public static func render(_ model: Broadcast, _ options: ExportOptions) -> String {
        var out = ""
        write(model, options) { out += $0 }
        return out
    }

    /// The file in pieces, a sentence or cue at a time, so that saving a long broadcast
    /// never holds a second copy of it in memory.
    public static func write(_ model: Broadcast, _ options: ExportOptions, to emit: (String) -> Void) {
        switch options.format {
        case .json: TranscriptJSON.document(model, token: options.token, to: emit)
        case .jsonl: TranscriptJSON.lines(model, token: options.token, to: emit)
        case .txt: text(model, options, to: emit)
        case .srt: subtitles(model, options, vtt: false, to: emit)
        case .vtt: subtitles(model, options, vtt: true, to: emit)
        }
    }

    // MARK: - Text

    static func text(_ model: Broadcast, _ options: ExportOptions, to emit: (String) -> Void) {
        let transcript = model.transcript
        let languages = options.language.map { [model.language(for: $0) ?? $0] } ?? Array(transcript.languages)
        var out = "# vas-view transcript"
        if let token = options.token { out += " — broadcast \(token)" }
        if let date = options.date { out += " — saved \(date.minuteStamp)" }
        out += "\n"
        if !languages.isEmpty { out += "# languages: \(languages.joined(separator: ", "))\n" }
        let segments = transcript.segments.filter { !$0.sentences.isEmpty }
        for segment in segments {
            if segments.count > 1 { out += "\n── recording \(segment.index + 1) ──\n" }
            let gapBefore = segment.gapsBySentenceAfter
            for sentence in segment.sentences.values {
                emit(out)
                out = "\n"
                if let gap = gapBefore[sentence.sid] { out += "⋯ \(gap.description)\n\n" }
                var head = sentence.startTime.map { "[\($0)] " } ?? ""
                if let label = segment.speakerLabel(of: sentence) { head += label + ": " }
                let original = sentence.original.map { oneLine($0) + (sentence.isFinal ? "" : " (unfinished)") } ?? PlainPrinter.originalNotReceived
                out += head + original + "\n"
                for language in languages {
                    if let translated = sentence.translations[language] {
                        out += "    \(language): \(oneLine(translated.text))\n"
                    } else if let error = sentence.errors[language] ?? sentence.errors["*"] {
                        out += "    \(language): ✗ translation failed: \(oneLine(error))\n"
                    }
                }
            }
        }
        emit(out)
    }

    /// Line breaks in remote text would break a line-based format.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    // MARK: - Subtitles

    /// One cue: when, who, what.
    struct Cue: Equatable {
        var start: Int  // milliseconds
        var end: Int
        var speaker: String?
        var lines: [String]
        /// Sentences missed before this cue (WebVTT says it as a NOTE; SRT has no comments).
        var missed: String?
    }

    /// Cues in order: start from `start_time`, end at the next sentence's start (the last: +3 s).
    /// A sentence without `start_time` (standby) starts with the one before it. Each recording
    /// continues after the previous one's last cue, so times never go backwards.
    ///
    /// Streamed: only the cues that share the latest start wait for the next start to end them.
    static func cues(_ model: Broadcast, _ options: ExportOptions, to emit: (Cue) -> Void) {
        let chosen = model.language(for: options.language)
        let showSpeakers = model.viewer.recognitionMode != .single
        var offset = 0
        for segment in model.transcript.segments {
            var waiting: [Cue] = []  // same start, not ended yet
            var previous = 0
            func end(at end: Int) {
                for var cue in waiting {
                    cue.start += offset
                    cue.end = end + offset
                    emit(cue)
                }
                waiting.removeAll(keepingCapacity: true)
            }
            var last: Int?
            let gapBefore = segment.gapsBySentenceAfter
            var missed: String?
            for sentence in segment.sentences.values {
                if let gap = gapBefore[sentence.sid] { missed = gap.description }
                let original = sentence.original.map(oneLine)
                let translated = chosen.flatMap { sentence.translations[$0]?.text }.map(oneLine)
                var lines: [String] = []
                if options.bilingual {
                    lines = [original, translated].compactMap { $0 }
                } else if let text = translated ?? original {
                    lines = [text]  // no translation: the original, rather than a silent gap
                }
                guard !lines.isEmpty else { continue }
                let start = max(previous, (sentence.startSeconds ?? previous / 1000) * 1000)
                previous = start
                if let last, start > last { end(at: start) }
                last = start
                waiting.append(Cue(start: start, end: 0, speaker: showSpeakers ? segment.speakerLabel(of: sentence) : nil, lines: lines,
                                   missed: missed))
                missed = nil
            }
            if let last {
                end(at: last + 3000)
                offset += last + 3000
            }
        }
    }

    static func subtitles(_ model: Broadcast, _ options: ExportOptions, vtt: Bool, to emit: (String) -> Void) {
        if vtt { emit("WEBVTT\n") }
        var index = 0
        cues(model, options) { cue in
            var out = ""
            if vtt {
                if let missed = cue.missed { out += "\nNOTE \(missed)\n" }
                out += "\n\(time(cue.start, vtt: true)) --> \(time(cue.end, vtt: true))\n"
                var lines = cue.lines.map(vttEscape)
                if let speaker = cue.speaker { lines[0] = "<v \(vttEscape(speaker))>" + lines[0] }
                out += lines.joined(separator: "\n") + "\n"
            } else {
                if index > 0 { out += "\n" }
                out += "\(index + 1)\n\(time(cue.start, vtt: false)) --> \(time(cue.end, vtt: false))\n"
                // An arrow in the text would read as a timing line to some players.
                var lines = cue.lines.map { $0.replacing("-->", with: "→") }
                if let speaker = cue.speaker { lines[0] = speaker + ": " + lines[0] }
                out += lines.joined(separator: "\n") + "\n"
            }
            index += 1
            emit(out)
        }
    }

    /// `00:01:02,345` (SRT) or `00:01:02.345` (WebVTT).
    static func time(_ milliseconds: Int, vtt: Bool) -> String {
        let ms = max(0, milliseconds)
        return "\((ms / 3_600_000).zeroPadded(2)):\((ms / 60_000 % 60).zeroPadded(2)):\((ms / 1000 % 60).zeroPadded(2))\(vtt ? "." : ",")\((ms % 1000).zeroPadded(3))"
    }

    /// WebVTT cue text: `&`, `<`, `>` are markup, and `-->` ends a timing line.
    static func vttEscape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}

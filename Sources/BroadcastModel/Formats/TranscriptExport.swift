
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
            if segments.count > 1 {
                let source = segment.viewing.map(\.description).flatMap { $0.isEmpty ? nil : ": " + $0 } ?? ""
                out += "\n── recording \(segment.index + 1)\(source) ──\n"
            }
            let gapBefore = segment.gapsBySentenceAfter
            // A language this recording translates into, for which a sentence has nothing, is said so.
            let translated = Set(languages.filter { language in segment.sentences.values.contains { $0.translations[language] != nil } })
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
                    } else if translated.contains(language), sentence.original != nil, sentence.language != language {
                        out += "    \(language): (no translation)\n"
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

    /// Cues in order, timed for reading (`SubtitleRules`): each starts at its sentence's
    /// `start_time` (a sentence without one, in standby, with the one before it), or later while
    /// the cue before it is still being read, but at most `maximumDelay` late; each stays until
    /// the next starts, at least a second and at most seven; cues never overlap. A sentence longer
    /// than two lines is several cues, one after the other. The last cue of a recording stays at
    /// least `lastCue`; each recording continues after the previous one's last cue.
    ///
    /// Streamed: only the last cue placed waits, for the next one's start to end it.
    static func cues(_ model: Broadcast, _ options: ExportOptions, to emit: (Cue) -> Void) {
        let chosen = model.language(for: options.language)
        let showSpeakers = model.viewer.recognitionMode != .single
        var offset = 0
        for segment in model.transcript.segments {
            var pending: (cue: Cue, reading: Int)?
            var previousStart = 0
            /// Places `cue` wanted at `desired` (milliseconds into the recording): the one before it ends.
            func place(_ cue: Cue, desired: Int, reading: Int) {
                var cue = cue
                cue.start = desired
                if let (before, read) = pending {
                    var start = max(desired, min(before.start + read, desired + SubtitleRules.maximumDelay))
                    start = max(start, before.start + SubtitleRules.minimumCue)
                    var ended = before
                    ended.end = min(start, before.start + SubtitleRules.maximumCue)
                    emit(shifted(ended, by: offset))
                    cue.start = start
                }
                pending = (cue, reading)
            }
            let gapBefore = segment.gapsBySentenceAfter
            // Untranslated sentences are marked only among translated ones: a recording that has no
            // translation in the language at all is its original, unmarked.
            let translatesChosen = chosen.map { language in segment.sentences.values.contains { $0.translations[language] != nil } } ?? false
            var missed: String?
            for sentence in segment.sentences.values {
                if let gap = gapBefore[sentence.sid] { missed = gap.description }
                let original = sentence.original.map(oneLine)
                let translated = chosen.flatMap { sentence.translations[$0]?.text }.map(oneLine)
                let speaker = showSpeakers ? segment.speakerLabel(of: sentence) : nil
                // Each text in pieces of at most two lines; bilingual, the k-th piece of each in one cue.
                // No translation: the original, rather than a silent gap, marked with its language
                // ("[zh-TW] 大家好", "[original]" when unknown), so that a reader knows the translation never came.
                let untranslated = translated == nil && translatesChosen && sentence.language != chosen
                let marked = untranslated ? original.map { "[\(sentence.language ?? "original")] " + $0 } : original
                // Bilingual, the missing half is said in its place.
                let missingHalf = untranslated ? chosen.map { "[no \($0) translation]" } : nil
                let texts = options.bilingual ? [original, translated ?? missingHalf].compactMap { $0 } : (translated ?? marked).map { [$0] } ?? []
                // The speaker's name is on the first line (SRT, and players that show WebVTT voices): it counts.
                let chunked = texts.enumerated().map { index, text in Self.pieces(text, prefix: index == 0 ? speaker.map { $0 + ": " } : nil) }
                let pieces: [(lines: [String], reading: Int)] = (0..<(chunked.map(\.count).max() ?? 0)).map { k in
                    let parts = chunked.compactMap { $0.indices.contains(k) ? $0[k] : nil }
                    return (parts.flatMap { $0 }, parts.map { SubtitleRules.readingMilliseconds($0.joined(separator: " ")) }.max() ?? SubtitleRules.minimumCue)
                }
                guard !pieces.isEmpty else { continue }
                var desired = max(previousStart, (sentence.startSeconds ?? previousStart / 1000) * 1000)
                previousStart = desired
                for piece in pieces {
                    place(Cue(start: 0, end: 0, speaker: speaker, lines: piece.lines, missed: missed), desired: desired, reading: piece.reading)
                    missed = nil
                    desired += piece.reading  // the next piece of the sentence, once this one is read
                }
            }
            if let (final, read) = pending {
                var last = final
                last.end = last.start + max(SubtitleRules.lastCue, read)
                emit(shifted(last, by: offset))
                offset += last.end
            }
        }
    }

    /// `text` in pieces of at most two lines; `prefix` (the speaker's name) is measured on the first
    /// line, not kept. A text of more than two lines is cut into parts of about equal length first
    /// (at a clause mark where one is near), so that no cue is a leftover word.
    static func pieces(_ text: String, prefix: String? = nil) -> [[String]] {
        let all = SubtitleRules.lines((prefix ?? "") + text)
        let least = (all.count + SubtitleRules.maximumLines - 1) / SubtitleRules.maximumLines
        // As few parts as can each be two lines (a cut may make a part a little longer than half).
        let fits = { (parts: [String]) in
            parts.enumerated().allSatisfy { SubtitleRules.lines(($0.offset == 0 ? prefix ?? "" : "") + $0.element).count <= SubtitleRules.maximumLines }
        }
        let chosen = (least...(least + 3)).lazy.map { SubtitleRules.parts(text, count: $0) }.first(where: fits)
            ?? SubtitleRules.parts(text, count: least)
        var result: [[String]] = []
        for (index, part) in chosen.enumerated() {
            var lines = SubtitleRules.lines((index == 0 ? prefix ?? "" : "") + part)
            if index == 0, let prefix, let first = lines.first {
                let rest = first.hasPrefix(prefix) ? String(first.dropFirst(prefix.count)) : first
                if rest.trimmed.isEmpty { lines.removeFirst() } else { lines[0] = rest.trimmed }
            }
            // A part that still needs more than two lines goes on in a piece of its own.
            for first in stride(from: 0, to: lines.count, by: SubtitleRules.maximumLines) {
                result.append(Array(lines[first..<min(first + SubtitleRules.maximumLines, lines.count)]))
            }
        }
        return result.filter { !$0.isEmpty }
    }

    static func shifted(_ cue: Cue, by offset: Int) -> Cue {
        var cue = cue
        cue.start += offset
        cue.end += offset
        return cue
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

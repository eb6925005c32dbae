import Collections
import FoundationEssentials
import BroadcastModel

/// The transcript laid out for one screen size: which panes, how wide, and
/// each sentence as lines of cells. Rendering and scrolling share it, so they
/// agree on every line. Only the sentences on screen are ever laid out.
struct TranscriptView {
    enum Mode: Equatable {
        case sideBySide(left: Int, right: Int)
        case single(width: Int, pane: ViewerUI.Panes)
        case stacked(width: Int)
    }

    /// The recording's sentences, not copied (a frame must not cost more with a longer transcript).
    let sentences: OrderedDictionary<Int, Sentence>.Values
    let segment: Segment
    let language: String?
    let mode: Mode
    let showSpeakers: Bool
    let search: String
    /// A blank line between sentences when there is room for it.
    let gap: Int
    /// The sentence being said, and the word being said at this frame's time.
    let speaking: ViewerUI.Speaking?
    let spokenWord: WordBoundary?
    /// Nothing more will come: a missing translation is said as missing, not awaited.
    let over: Bool
    /// Sentences that never arrived, by the sid they stand before (a dim row above it).
    let gapBefore: [Int: Gap]

    init(model: Broadcast, ui: ViewerUI, columns: Int, contentRows: Int, now: Double = 0) {
        segment = model.transcript.current
        sentences = segment.sentences.values
        language = model.language(for: ui.language)
        showSpeakers = model.viewer.recognitionMode != .single
        search = ui.searching ? "" : ui.search
        gap = contentRows >= 16 ? 1 : 0
        speaking = ui.speaking
        spokenWord = ui.speaking?.word(now: now)
        over = ui.outcome != nil
        gapBefore = segment.gapsBySentenceAfter
        if ui.panes != .both {
            mode = .single(width: columns, pane: ui.panes)
        } else if ui.layout(at: columns) == .sideBySide {
            let left = (columns - 3) / 2
            mode = .sideBySide(left: left, right: columns - 3 - left)
        } else {
            mode = .stacked(width: columns)
        }
    }

    var count: Int { sentences.count }

    // MARK: - Lines of one sentence

    func originalLines(_ index: Int, width: Int) -> [[Cell]] {
        let sentence = sentences[index]
        var spans: [Span] = []
        if let time = sentence.startTime { spans.append(Span("[\(time)] ", .time)) }
        if showSpeakers, let label = segment.speakerLabel(of: sentence) {
            spans.append(Span(label + ": ", .speaker(Self.colour(for: sentence.speakerID ?? label))))
        }
        if let original = sentence.original {
            spans += highlight(original, role: sentence.isFinal ? .text : .partial)
        } else {
            // Its translation came first: the original may still come, unless nothing more will.
            spans.append(Span(over ? PlainPrinter.originalNotReceived : "…", .placeholder))
        }
        return TextWrap.lines(spans, width: width, indent: 2)
    }

    func translationLines(_ index: Int, width: Int, withPrefix: Bool) -> [[Cell]] {
        let sentence = sentences[index]
        var spans: [Span] = []
        if withPrefix {
            if let time = sentence.startTime { spans.append(Span("[\(time)] ", .time)) }
            if showSpeakers, let label = segment.speakerLabel(of: sentence) {
                spans.append(Span(label + ": ", .speaker(Self.colour(for: sentence.speakerID ?? label))))
            }
        }
        if let language, let translated = sentence.translations[language] {
            let role: Role = translated.isFinal ? .text : .partial
            if let speaking, speaking.sid == sentence.sid, LanguageTag.bestMatch(for: speaking.language, among: [language]) != nil {
                spans += spoken(translated.text, speaking: speaking, role: role)
            } else {
                spans += highlight(translated.text, role: role)
            }
        } else if let language, let error = sentence.errors[language] ?? sentence.errors["*"] {
            spans.append(Span("✗ translation failed: \(error)", .failure))
        } else {
            if over {
                spans.append(Span(language.map { "(no \($0) translation)" } ?? "(no translation)", .placeholder))
            } else {
                spans.append(Span(language == nil ? "…" : "… (\(language!))", .placeholder))
            }
        }
        return TextWrap.lines(spans, width: width, indent: 2)
    }

    /// The sentence being said: the word now stands out, from the boundaries (which index
    /// the text that was spoken). Without boundaries, or when the text shown is not the
    /// text spoken (so offsets would point at the wrong word), the whole sentence is marked.
    private func spoken(_ text: String, speaking: ViewerUI.Speaking, role: Role) -> [Span] {
        guard !speaking.boundaries.isEmpty, speaking.text.isEmpty || speaking.text == text else { return [Span(text, .speaking)] }
        guard let word = spokenWord, let range = SpeechHighlight.range(of: word, in: text) else {
            return highlight(text, role: role)  // between two words
        }
        return highlight(String(text[..<range.lowerBound]), role: role) + [Span(String(text[range]), .speaking)]
            + highlight(String(text[range.upperBound...]), role: role)
    }

    /// Splits text so that search matches get their own role.
    private func highlight(_ text: String, role: Role) -> [Span] {
        guard !search.isEmpty else { return [Span(text, role)] }
        var spans: [Span] = []
        var rest = Substring(text)
        while let range = rest.range(ignoringCaseOf: search) {
            if range.lowerBound > rest.startIndex { spans.append(Span(String(rest[..<range.lowerBound]), role)) }
            spans.append(Span(String(rest[range]), .searchMatch))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty { spans.append(Span(String(rest), role)) }
        return spans
    }

    /// A colour for a speaker that stays the same for the whole broadcast (and the next).
    static func colour(for id: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in id.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % 6)
    }

    // MARK: - Blocks: one sentence in every pane of a region

    /// The lines of sentence `index` for a region: side by side (both panes, rows aligned) or one pane.
    /// Sentences missed before it come first, as a dim row where they would have been.
    func block(_ index: Int, pane: ViewerUI.Panes) -> [(left: [Cell], right: [Cell]?)] {
        switch mode {
        case .sideBySide(let left, let right):
            let missed = gapLines(index, width: left).map { ($0, [Cell]()) }
            let original = originalLines(index, width: left)
            let translation = translationLines(index, width: right, withPrefix: false)
            return missed + (0..<max(original.count, translation.count)).map { row in
                (row < original.count ? original[row] : [], row < translation.count ? translation[row] : [])
            }
        case .single(let width, _), .stacked(let width):
            let lines = pane == .translation ? translationLines(index, width: width, withPrefix: true)
                : originalLines(index, width: width)
            return (gapLines(index, width: width) + lines).map { ($0, nil) }
        }
    }

    /// `⋯ 2 sentences missed while reconnecting (00:12–00:18)` above the sentence after them.
    func gapLines(_ index: Int, width: Int) -> [[Cell]] {
        guard !gapBefore.isEmpty, let gap = gapBefore[sentences[index].sid] else { return [] }
        return TextWrap.lines([Span("⋯ " + gap.description, .dim)], width: width, indent: 2)
    }

    func height(_ index: Int, pane: ViewerUI.Panes) -> Int {
        block(index, pane: pane).count + gap
    }
}

import BroadcastModel

/// What the source (the session, or a replay) owns and the viewer shows: the language, spoken
/// translation on or off, a replay's pace — as the source last said — and what keys asked of
/// it that it has not said yet. The next key builds on what was asked (two quick presses of `]`
/// are ×4), and an ask is forgotten when the source says the same. The screen always shows
/// what the source said.
public struct SourceControls: Equatable, Sendable {
    /// The translation language shown (`nil`: the broadcast's first), as the source last said.
    public private(set) var language: String?
    /// On or off as the source last said (`speech(on:)`); muted is the viewer's own.
    public private(set) var speech: ViewerUI.Speech
    /// A replay's pace as the replay last said (`paced`); nil when watching live.
    public private(set) var replay: ReplayPace?
    public private(set) var asked = Asked()
    /// Whether switching language with speech on was explained yet.
    public private(set) var explainedSpeechLanguage = false

    public struct Asked: Equatable, Sendable {
        public var language: String?
        public var speech: Bool?
        public var pace: ReplayPace?
    }

    public init(language: String?, speech: ViewerUI.Speech = .off) {
        self.language = language
        self.speech = speech
    }

    /// The source says which language it shows.
    mutating func selected(_ language: String?) {
        self.language = language
        if asked.language == language { asked.language = nil }
    }

    /// Once the source has ended it says nothing more: the language is the viewer's own.
    mutating func chooseAfterEnd(_ language: String) { self.language = language }

    mutating func ask(language: String) { asked.language = language }

    /// The source says speech is on or off; true when that changed what is shown.
    mutating func speechSaid(on: Bool, reason: String?) -> Bool {
        if asked.speech == on || reason != nil { asked.speech = nil }
        guard on != (speech != .off) else { return false }
        speech = on ? .on : .off
        return true
    }

    mutating func ask(speech on: Bool) { asked.speech = on }

    mutating func mute(_ muted: Bool) { speech = muted ? .muted : .on }

    /// True the first time only: switching language with speech on is explained once.
    mutating func explainSpeechLanguageOnce() -> Bool {
        defer { explainedSpeechLanguage = true }
        return !explainedSpeechLanguage
    }

    /// The replay says its pace.
    mutating func paced(_ pace: ReplayPace) {
        replay = pace
        if asked.pace == pace { asked.pace = nil }
    }

    mutating func ask(pace: ReplayPace) { asked.pace = pace }
}

/// The `/` search: the line being typed, the query searched, and the match shown.
public struct Search: Equatable, Sendable {
    /// The line being typed, while it is.
    public private(set) var editor: LineEditor?
    /// The query last searched.
    public private(set) var query = ""
    /// After a search: the match shown and how many there are ("3/7").
    public private(set) var hit: ViewerUI.SearchHit?

    public init() {}

    mutating func start() {
        editor = LineEditor(limit: 80)
        query = ""
        hit = nil
    }

    /// A key while typing: the query once Enter gives it.
    mutating func edit(_ key: Key) -> LineEditor.Outcome {
        guard var line = editor else { return .cancelled }
        // Backspace on an empty prompt leaves it, as in less and vim.
        if key == .backspace, line.text.isEmpty {
            clear()
            return .cancelled
        }
        let outcome = line.edit(key)
        switch outcome {
        case .editing: editor = line
        case .submitted(let text):
            editor = nil
            query = text
        case .cancelled: clear()
        }
        return outcome
    }

    mutating func found(_ hit: ViewerUI.SearchHit?) { self.hit = hit }

    mutating func clear() {
        editor = nil
        query = ""
        hit = nil
    }
}

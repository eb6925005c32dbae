import Foundation

/// Everything on screen that is not the broadcast itself: layout, scrolling,
/// overlays, the connection's state. A pure value, changed by `handle(_:)`.
public struct ViewerUI: Equatable, Sendable {
    /// The raw values are the words of `--layout`, `--panes` and config.toml.
    public enum Layout: String, Equatable, Sendable, CaseIterable { case auto, sideBySide = "side-by-side", stacked }
    public enum Panes: String, Equatable, Sendable, CaseIterable { case both, original, translation }
    public enum Scroll: Equatable, Sendable {
        case follow
        /// The top of the view is line `line` of the sentence at `index` (in the current recording).
        case anchored(index: Int, line: Int)
    }
    public enum Connection: Equatable, Sendable {
        case connecting
        case connected
        /// Waiting to try again, until `until` (seconds on the UI clock).
        case waiting(VASAssumptions.Wait, until: Double, detail: String)
        case closed
    }
    /// Spoken translation as the viewer chose it (what is being said is `speaking`).
    public enum Speech: Equatable, Sendable { case off, on, muted }

    /// The sentence being said, for the highlight: from the player's "started" until its "finished".
    public struct Speaking: Equatable, Sendable {
        public var sid: Int
        public var language: String
        /// The text the boundaries index (`tts_ready.text`).
        public var text: String
        public var boundaries: [WordBoundary]
        /// When it started (UI clock).
        public var since: Double

        public init(sid: Int, language: String, text: String, boundaries: [WordBoundary], since: Double) {
            self.sid = sid
            self.language = language
            self.text = text
            self.boundaries = boundaries
            self.since = since
        }

        /// The word being said now, if the boundaries say.
        public func word(now: Double) -> WordBoundary? {
            SpeechQueue.word(in: boundaries, elapsedMs: Self.milliseconds(now - since))
        }

        static func milliseconds(_ seconds: Double) -> Int {
            Int(max(0, min(seconds, 86_400)) * 1000)
        }
    }

    public var server: String
    public var token: String
    public var broadcastName: String?
    /// The translation language shown (`nil`: the broadcast's first).
    public var language: String?
    public var layout = Layout.auto
    public var panes = Panes.both
    public var scroll = Scroll.follow
    public var connection = Connection.connecting
    /// When the last byte arrived (UI clock), to show a long silence.
    public var lastActivity: Double?
    public var speech = Speech.off
    /// A replay's pace; nil when watching live.
    public var replay: ReplayPace?
    public struct ReplayPace: Equatable, Sendable {
        public var speed: Double
        public var paused = false
        public init(speed: Double, paused: Bool = false) {
            self.speed = speed
            self.paused = paused
        }
        /// Speeds the keys step through.
        public static let range = 0.25...64.0
    }
    public var speaking: Speaking?
    public var volume = 100
    public var showHelp = false
    public var showAnnouncements = false
    /// Announcements up to this count have been dismissed.
    public var dismissedAnnouncements = 0
    public var search = ""
    public var searching = false
    /// A short message in the status bar until `messageUntil`.
    public var message: String?
    public var messageUntil = 0.0
    /// How the session ended, once it has.
    public var outcome: SessionOutcome?
    /// The screen's width, kept up to date by the front end (the automatic layout depends on it).
    public var columns = 0

    /// The layout on screen: side by side from `Renderer.sideBySideColumns` on, unless chosen.
    public var effectiveLayout: Layout {
        layout != .auto ? layout : (columns >= Renderer.sideBySideColumns ? .sideBySide : .stacked)
    }

    public init(server: String, token: String, language: String?) {
        self.server = server
        self.token = token
        self.language = language
    }

    /// What the front end must do beyond redrawing.
    public enum Effect: Equatable, Sendable {
        case quit
        case selectLanguage(String)
        case save
        case toggleSpeech, mute, skipSpeech
        case volume(Int)
        /// A replay's new pace.
        case pace(ReplayPace)
    }

    /// A key press: the new UI state and what to do. `languages` are those the broadcast offers.
    public mutating func handle(_ key: Key, languages: [String], model: BroadcastModel, page: Int) -> [Effect] {
        if searching { return editSearch(key) }
        if showHelp || showAnnouncements, key != .char("q"), key != .ctrl("c") {
            showHelp = false
            showAnnouncements = false
            return []
        }
        guard let action = KeyTable.action(for: key) else { return [] }
        let count = model.transcript.current.sentences.count
        switch action {
        case .quit: return [.quit]
        case .help: showHelp = true
        case .showAnnouncements: showAnnouncements = true
        case .dismissAnnouncement: dismissedAnnouncements = model.viewer.announcements.count
        case .save: return [.save]
        case .toggleLayout: layout = effectiveLayout == .sideBySide ? .stacked : .sideBySide
        case .cyclePanes: panes = panes == .both ? .original : panes == .original ? .translation : .both
        case .nextLanguage, .previousLanguage, .pickLanguage:
            guard let next = Self.language(after: action, current: language, in: languages) else { return [] }
            language = next
            return [.selectLanguage(next)]
        case .toggleSpeech: return [.toggleSpeech]
        case .mute: return [.mute]
        case .skipSpeech: return [.skipSpeech]
        case .volumeUp: volume = min(100, volume + 10); return [.volume(volume)]
        case .volumeDown: volume = max(0, volume - 10); return [.volume(volume)]
        case .scrollUp: scroll(by: -1, count: count)
        case .scrollDown: scroll(by: 1, count: count)
        case .pageUp: scroll(by: -max(1, page - 1), count: count)
        case .pageDown: scroll(by: max(1, page - 1), count: count)
        case .top: scroll = count > 0 ? .anchored(index: 0, line: 0) : .follow
        case .bottom: scroll = .follow
        case .search:
            searching = true
            search = ""
        case .nextMatch, .previousMatch:
            jumpToMatch(forward: action == .nextMatch, model: model)
        case .pause, .faster, .slower:
            guard var pace = replay else {
                message = "pause and speed are for replays (vas-view replay FILE)"
                return []
            }
            switch action {
            case .pause: pace.paused.toggle()
            case .faster: pace.speed = min(ReplayPace.range.upperBound, pace.speed * 2)
            default: pace.speed = max(ReplayPace.range.lowerBound, pace.speed / 2)
            }
            replay = pace
            return [.pace(pace)]
        }
        return []
    }

    /// Scrolls by lines; the renderer turns line counts into sentences (see `Renderer.scroll`).
    public var pendingScroll = 0

    private mutating func scroll(by lines: Int, count: Int) {
        guard count > 0 else { return }
        pendingScroll += lines
    }

    private mutating func editSearch(_ key: Key) -> [Effect] {
        switch key {
        case .enter:
            searching = false
        case .escape, .ctrl("c"):
            searching = false
            search = ""
        case .backspace:
            if !search.isEmpty { search.removeLast() }
        case .char(let character):
            if search.count < 80 { search.append(character) }
        default:
            break
        }
        return []
    }

    private mutating func jumpToMatch(forward: Bool, model: BroadcastModel) {
        guard !search.isEmpty else { return }
        let sentences = model.transcript.current.sentences.values
        let current: Int = if case .anchored(let index, _) = scroll { index } else { sentences.count }
        let order = forward ? Array((current + 1)..<max(current + 1, sentences.count)) : Array((0..<min(current, sentences.count)).reversed())
        for index in order where Self.matches(sentences[index], search, language: language) {
            scroll = .anchored(index: index, line: 0)
            return
        }
        message = "no more matches for \"\(search)\""
    }

    static func matches(_ sentence: Sentence, _ query: String, language: String?) -> Bool {
        if sentence.original?.localizedCaseInsensitiveContains(query) == true { return true }
        return sentence.translations.values.contains { $0.text.localizedCaseInsensitiveContains(query) }
    }

    static func language(after action: Action, current: String?, in languages: [String]) -> String? {
        guard !languages.isEmpty else { return nil }
        let index = current.flatMap { languages.firstIndex(of: $0) } ?? 0
        switch action {
        case .nextLanguage: return languages[(index + 1) % languages.count]
        case .previousLanguage: return languages[(index - 1 + languages.count) % languages.count]
        case .pickLanguage(let n): return n >= 1 && n <= languages.count ? languages[n - 1] : nil
        default: return nil
        }
    }

    /// Seconds until something on screen changes by itself (a spinner, a
    /// countdown, a message expiring); nil when nothing does, so the UI sleeps
    /// until a key or an event wakes it.
    public func secondsUntilChange(model: BroadcastModel, now: Double) -> Double? {
        var next = Double.infinity
        if message != nil, messageUntil > now { next = min(next, messageUntil - now) }
        if let speaking, let ms = SpeechQueue.nextChange(in: speaking.boundaries, elapsedMs: Speaking.milliseconds(now - speaking.since)) {
            next = min(next, Double(ms) / 1000 + 0.001)  // the highlight moves to the next word
        }
        switch connection {
        case .connecting where model.transcript.current.sentences.isEmpty:
            next = min(next, 0.1)  // the spinner
        case .waiting(_, let until, _) where until > now:
            next = min(next, (until - now).truncatingRemainder(dividingBy: 1) + 0.01)  // the countdown, on the second
        case .connected:
            if let last = lastActivity {
                let quiet = now - last
                next = min(next, quiet > 20 ? 1 : 20 - quiet + 0.01)  // "no data for N s" appears after 20 s
            }
        default:
            break
        }
        return next.isFinite ? next : nil
    }
}

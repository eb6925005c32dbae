import FoundationEssentials
import BroadcastCore
import BroadcastModel

/// Everything on screen that is not the broadcast itself: layout, scrolling,
/// overlays, messages, the connection's state. A pure value, changed by
/// `handle(_:)` (keys) and `apply(_:)` (session updates, speech events).
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
        /// No stream until the person gives the password.
        case needsPassword
        case closed
    }
    /// Spoken translation as the viewer chose it (what is being said is `speaking`).
    public enum Speech: Equatable, Sendable { case off, on, muted }
    /// A box over the transcript.
    public enum Overlay: Equatable, Sendable { case help, announcements, notices }

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

    /// Something that happened that the viewer may want to read again (`i` lists them).
    public struct Notice: Equatable, Sendable {
        public enum Level: Equatable, Sendable { case info, warning, error }
        /// When it was first said (UI clock).
        public var at: Double
        public var text: String
        public var level: Level
        /// Said this many times in a row.
        public var repeats = 1
        /// Plain mode says it in its place in the transcript (a gap), not when it is found.
        public var inTranscript = false
    }

    /// What an update said, in order: what plain mode prints and the log keeps.
    public enum Said: Equatable, Sendable {
        /// A notice, as it is listed (`i`); every call of `note` is one, repeats too.
        case notice(Notice)
        /// The transcript changed: one stream item was applied (or, with `.stop`, it ended).
        case transcript(Broadcast.Update)
    }

    /// A line in the status bar until `until` (UI clock).
    public struct Message: Equatable, Sendable {
        public var text: String
        public var level: Notice.Level
        public var until: Double
        /// Password messages go when a connection opens (the right password was given).
        public var aboutPassword = false
        /// The answer to a key: it goes with the next key (it may no longer be true).
        public var answersKey = false
    }

    /// A password being typed into the viewer (the session waits for it). Shown as dots only.
    public struct PasswordEntry: Equatable, Sendable {
        public var prompt: PasswordPrompt
        public var typed = ""
        public init(prompt: PasswordPrompt) {
            self.prompt = prompt
        }
    }

    public var server: String
    public var token: String
    public var broadcastName: String?
    /// The translation language shown (`nil`: the broadcast's first), as the source last said
    /// (`languageSelected`): the session owns it, keys only ask.
    public var language: String?
    public var layout = Layout.auto
    public var panes = Panes.both
    public var scroll = Scroll.follow
    public var connection = Connection.connecting
    /// When the last byte arrived (UI clock), to show a long silence.
    public var lastActivity: Double?
    /// On or off as the session last said (`speech(on:)`); muted is the viewer's own.
    public var speech = Speech.off
    /// Why no sound can be played while speech is on (no device); nil when it can.
    public var audioProblem: String?
    /// What keys asked of the source that it has not said yet: the next key builds on it, so
    /// two quick presses are two steps (the value shown stays the source's).
    public var asked = Asked()
    /// Whether switching language with speech on was explained yet.
    public var explainedSpeechLanguage = false
    public struct Asked: Equatable, Sendable {
        public var language: String?
        public var speech: Bool?
        public var pace: ReplayPace?
    }
    /// A replay's pace as the replay last said (`paced`); nil when watching live.
    public var replay: ReplayPace?
    public var speaking: Speaking?
    public var volume = 100
    public var overlay: Overlay?
    /// The first line of the overlay shown (it scrolls when it does not fit).
    public var overlayTop = 0
    /// Announcements up to this count have been dismissed.
    public var dismissedAnnouncements = 0
    public var search = ""
    public var searching = false
    /// After a search: the match shown and how many there are ("3/7").
    public var searchHit: SearchHit?
    public struct SearchHit: Equatable, Sendable {
        public var position: Int
        public var count: Int
        public init(position: Int, count: Int) {
            self.position = position
            self.count = count
        }
    }
    /// The status-bar line, if any.
    public var message: Message?
    /// The password being asked for, if any: keys go to it.
    public var passwordEntry: PasswordEntry?
    /// Set while a key is handled: what is said then answers that key.
    private var answeringKey = false
    /// Every notice of the session, newest last (the oldest go past `keptNotices`).
    public private(set) var notices: [Notice] = []
    /// Notices no longer kept.
    public private(set) var forgottenNotices = 0
    /// What was said since the front end last took it (`takeSaid`), in order.
    public internal(set) var said: [Said] = []
    /// How often each warning that input may repeat without end was noted (`noteRepeated`).
    private var repeatCounts: [String: Int] = [:]
    /// Whether the translation outage was said (its end is said too).
    var saidOutage = false
    /// Whether the first `connecting` was said.
    var saidConnecting = false
    /// The language asked for that was said not to be offered.
    var saidNotOffered: String?
    public static let keptNotices = 1_000
    /// The wall clock at UI clock 0 (seconds since 1970) and the local offset from UTC,
    /// for the times in the notices list.
    public var clockOrigin = 0.0
    public var utcOffset = 0
    /// How the session ended, once it has.
    public var outcome: SessionOutcome?
    /// The screen's width, kept up to date by the front end (the automatic layout depends on it).
    public var columns = 0

    /// The layout on screen: side by side from `Renderer.sideBySideColumns` on, unless chosen.
    public var effectiveLayout: Layout { layout(at: columns) }

    /// The layout on a screen this wide.
    public func layout(at columns: Int) -> Layout {
        layout != .auto ? layout : (columns >= Renderer.sideBySideColumns ? .sideBySide : .stacked)
    }

    /// Seconds without a byte from a connected stream, once that is long enough to say
    /// (`VASAssumptions.quietNotice`); nil otherwise.
    public func quietSeconds(now: Double) -> Double? {
        guard case .connected = connection, let last = lastActivity, now - last > VASAssumptions.quietNotice.inSeconds else { return nil }
        return now - last
    }

    public init(server: String, token: String, language: String?) {
        self.server = server
        self.token = token
        self.language = language
    }

    // MARK: - Messages and notices

    /// Shows `text` in the status bar for long enough to read it; `keep` also lists it
    /// among the notices (`i`).
    public mutating func say(_ text: String, level: Notice.Level = .info, keep: Bool = false, now: Double) {
        message = Message(text: text, level: level, until: now + Self.readingTime(text), answersKey: answeringKey)
        if keep { note(text, level: level, now: now) }
    }

    /// Seconds to show a message: four, and more for a long one (about 15 characters a second).
    public static func readingTime(_ text: String) -> Double {
        min(15, max(4, 1.5 + Double(text.count) / 15))
    }

    /// Lists a notice (`i`) without a status-bar message, and says it to plain mode and the log
    /// (`said`). The same notice again is counted in the list, not repeated.
    public mutating func note(_ text: String, level: Notice.Level = .info, inTranscript: Bool = false, now: Double) {
        let notice = Notice(at: now, text: text, level: level, inTranscript: inTranscript)
        said.append(.notice(notice))
        if let last = notices.last, last.text == text, last.level == level {
            notices[notices.count - 1].repeats += 1
            return
        }
        notices.append(notice)
        if notices.count > Self.keptNotices {
            notices.removeFirst(notices.count - Self.keptNotices)
            forgottenNotices += 1
        }
    }

    /// A warning that input may repeat without end (100,000 unknown events): noted the first
    /// three times, then at 10, 100, 1,000 … with the count, never a flood.
    public mutating func noteRepeated(_ text: String, now: Double) {
        if repeatCounts.count > 10_000 { repeatCounts.removeAll() }
        repeatCounts[text, default: 0] += 1
        let count = repeatCounts[text]!
        if count <= 3 {
            note(text, level: .warning, now: now)
        } else if Self.isPowerOfTen(count) {
            note("\(text) (\(count) times so far)", level: .warning, now: now)
        }
    }

    static func isPowerOfTen(_ n: Int) -> Bool {
        var n = n
        while n >= 10, n % 10 == 0 { n /= 10 }
        return n == 1
    }

    /// What was said since the last call, in order; the front end prints or logs it.
    public mutating func takeSaid() -> [Said] {
        defer { said = [] }
        return said
    }

    /// The status-bar message, if it is still to be shown.
    public func currentMessage(now: Double) -> Message? {
        guard let message, now < message.until else { return nil }
        return message
    }

    /// `14:03:05`: the local time of a moment on the UI clock.
    public func clockText(_ at: Double) -> String {
        let seconds = Int((clockOrigin + at).rounded(.down)) + utcOffset
        let day = ((seconds % 86_400) + 86_400) % 86_400
        return "\((day / 3600).zeroPadded(2)):\((day / 60 % 60).zeroPadded(2)):\((day % 60).zeroPadded(2))"
    }

    // MARK: - Keys

    /// A key press: the new UI state and what to do. `languages` are those the broadcast offers;
    /// `page` is the height the transcript scrolls by (the screen's rows less two).
    public mutating func handle(_ key: Key, languages: [String], model: Broadcast, page: Int, now: Double = 0) -> [ViewerEffect] {
        // The answer to the last key goes: it may no longer be true ("no more matches", a layout).
        if message?.answersKey == true { message = nil }
        answeringKey = true
        defer { answeringKey = false }
        if passwordEntry != nil { return editPassword(key) }
        if searching { return editSearch(key, model: model, now: now) }
        if let overlay { return handleOverlay(overlay, key: key, model: model, page: page) }
        guard let action = KeyTable.action(for: key) else { return [] }
        let count = model.transcript.current.sentences.count
        switch action {
        case .quit:
            // Quitting a live broadcast is a normal end (0); after an ending, its own code and words.
            let farewell: String? = if case .ended = outcome { nil } else { outcome?.message }
            return [.exit(code: outcome?.exitCode ?? ExitStatus.ended, farewell: farewell)]
        case .help: open(.help)
        case .showAnnouncements: open(.announcements)
        case .showNotices: open(.notices)
        case .dismissAnnouncement:
            guard model.viewer.announcements.count > dismissedAnnouncements else {
                say(model.viewer.announcements.isEmpty ? "no announcement to dismiss (a lists them)" : "the announcement is already dismissed (a lists them)", now: now)
                return []
            }
            dismissedAnnouncements = model.viewer.announcements.count
        case .save: return [.save(language: model.language(for: language))]
        case .toggleLayout:
            layout = switch layout { case .auto: .sideBySide; case .sideBySide: .stacked; case .stacked: .auto }
            let chosen = layout == .auto ? "auto (\(effectiveLayout == .sideBySide ? "side by side" : "stacked") at this width)"
                : layout == .sideBySide ? "side by side" : "stacked"
            say("layout: \(chosen)", now: now)
        case .cyclePanes:
            panes = panes == .both ? .original : panes == .original ? .translation : .both
            say(panes == .both ? "panes: both" : panes == .original ? "panes: the original only" : "panes: the translation only", now: now)
        case .nextLanguage, .previousLanguage, .pickLanguage:
            let current = asked.language ?? model.language(for: language)
            guard let next = Self.language(after: action, current: current, in: languages) else {
                if case .pickLanguage(let n) = action {
                    say(languages.isEmpty ? "no translation languages are known yet"
                        : "there is no language \(n): this broadcast offers \(languages.count) (\(languages.joined(separator: ", ")))", now: now)
                }
                return []
            }
            if outcome != nil {
                // The source has ended and says nothing more: the language is the viewer's own now.
                language = next
                return []
            }
            // The source owns the language: it is shown once the source says `languageSelected`.
            if speech != .off {
                if let missing = noSpeech(in: next, model: model) { note(missing, level: .warning, now: now) }
                // With speech, the stream is asked for one language: what came meanwhile has no other.
                // Said the first time (and kept in the notices), not at every switch.
                if !explainedSpeechLanguage {
                    explainedSpeechLanguage = true
                    say("\(next): with speech on, only the language shown is sent; sentences that came in another have none",
                        keep: true, now: now)
                }
            }
            asked.language = next
            return [.selectLanguage(next)]
        case .toggleSpeech, .mute, .skipSpeech, .volumeUp, .volumeDown:
            return speechKey(action, model: model, now: now)
        case .scrollUp: scroll(by: -1, count: count)
        case .scrollDown: scroll(by: 1, count: count)
        case .pageUp: scroll(by: -max(1, page - 1), count: count)
        case .pageDown: scroll(by: max(1, page - 1), count: count)
        case .top: scroll = count > 0 ? .anchored(index: 0, line: 0) : .follow
        case .bottom: scroll = .follow
        case .search:
            searching = true
            search = ""
            searchHit = nil
        case .nextMatch, .previousMatch:
            jumpToMatch(forward: action == .nextMatch, model: model, now: now)
        case .clearSearch:
            search = ""
            searchHit = nil
        case .redraw: return [.redraw]
        case .pause, .faster, .slower:
            guard var pace = asked.pace ?? replay else {
                say("pause and speed are for replays (vas-view replay FILE)", now: now)
                return []
            }
            guard outcome == nil else {
                say("the replay has ended (q leaves)", now: now)
                return []
            }
            let before = pace
            switch action {
            case .pause: pace.paused.toggle()
            case .faster: pace.speed = min(ReplayPace.range.upperBound, pace.speed * 2)
            default: pace.speed = max(ReplayPace.range.lowerBound, pace.speed / 2)
            }
            guard pace != before else {
                say(action == .faster ? "already the fastest: ×\(Renderer.speedText(pace.speed))" : "already the slowest: ×\(Renderer.speedText(pace.speed))", now: now)
                return []
            }
            asked.pace = pace
            if pace.paused, action != .pause { say("×\(Renderer.speedText(pace.speed)) when resumed (p)", now: now) }
            return [.pace(pace)]  // the replay owns its pace: it says `paced`
        }
        return []
    }

    private mutating func open(_ overlay: Overlay) {
        self.overlay = overlay
        overlayTop = 0
    }

    /// In an overlay: Esc, q and its own key close it, the scroll keys scroll it, Ctrl-L
    /// redraws; any other key closes it without doing anything else.
    private mutating func handleOverlay(_ overlay: Overlay, key: Key, model: Broadcast, page: Int) -> [ViewerEffect] {
        let lines = Renderer.overlayRowCount(overlay, model, self, columns: max(columns, Renderer.minColumns), rows: page + 2)
        let visible = Renderer.overlayRows(screenRows: page + 2)
        let last = max(0, lines - visible)
        switch KeyTable.action(for: key) {
        case .scrollUp: overlayTop = max(0, min(overlayTop, last) - 1)
        case .scrollDown: overlayTop = min(last, overlayTop + 1)
        case .pageUp: overlayTop = max(0, min(overlayTop, last) - max(1, visible - 1))
        case .pageDown: overlayTop = min(last, overlayTop + max(1, visible - 1))
        case .top: overlayTop = 0
        case .bottom: overlayTop = last
        case .redraw: return [.redraw]
        default:
            self.overlay = nil
            overlayTop = 0
        }
        return []
    }

    // MARK: - Speech

    /// Why there can be no speech in `language`, if there can't (nil while nothing is known).
    public func noSpeech(in language: String?, model: Broadcast) -> String? {
        model.speech(in: language).problem
    }

    private mutating func speechKey(_ action: Action, model: Broadcast, now: Double) -> [ViewerEffect] {
        if replay != nil {
            say("spoken translation is for live broadcasts", now: now)
            return []
        }
        if outcome != nil {
            say("the broadcast is over: nothing more will be spoken", now: now)
            return []
        }
        if action == .toggleSpeech {
            let on = !(asked.speech ?? (speech != .off))
            if on, let missing = noSpeech(in: model.language(for: language), model: model) {
                say(missing, level: .warning, now: now)
                return []
            }
            asked.speech = on
            return [.setSpeech(on)]  // the session owns it: it says `speech(on:)`
        }
        guard speech != .off else {
            say("spoken translation is off (t turns it on)", now: now)
            return []
        }
        switch action {
        case .mute:
            let muted = speech != .muted
            speech = muted ? .muted : .on
            if muted { speaking = nil }
            say(muted ? "speech muted (m unmutes)" : "speech unmuted", now: now)
            return [.mute(muted)]
        case .skipSpeech:
            guard speaking != nil else {
                say("nothing is being said (n skips the sentence being said)", now: now)
                return []
            }
            say("skipped sentence \(speaking!.sid)", now: now)
            return [.skipSpeech]
        case .volumeUp, .volumeDown:
            volume = action == .volumeUp ? min(100, volume + 10) : max(0, volume - 10)
            let limit = volume == 100 ? " (the loudest)" : volume == 0 ? " (silent)" : ""
            say(speech == .muted ? "volume \(volume)%\(limit) (still muted: m unmutes)" : "volume \(volume)%\(limit)", now: now)
            return [.volume(volume)]
        default:
            return []
        }
    }

    /// Typing a password: characters, Backspace, Ctrl-U clears, Enter sends, Esc gives up.
    private mutating func editPassword(_ key: Key) -> [ViewerEffect] {
        guard var entry = passwordEntry else { return [] }
        switch key {
        case .enter:
            passwordEntry = nil
            return [.answerPassword(entry.prompt, entry.typed)]
        case .escape:
            passwordEntry = nil
            return [.answerPassword(entry.prompt, nil)]
        case .backspace:
            if !entry.typed.isEmpty { entry.typed.removeLast() }
        case .ctrl("u"):
            entry.typed = ""
        case .char(let character):
            if entry.typed.count < 1_024 { entry.typed.append(character) }
        case .tab:
            entry.typed.append("\t")
        default:
            break
        }
        passwordEntry = entry
        return []
    }

    // MARK: - Scrolling and search

    /// Scrolls by lines; the renderer turns line counts into sentences (see `Renderer.scroll`).
    public var pendingScroll = 0

    private mutating func scroll(by lines: Int, count: Int) {
        guard count > 0 else { return }
        pendingScroll += lines
    }

    private mutating func editSearch(_ key: Key, model: Broadcast, now: Double) -> [ViewerEffect] {
        switch key {
        case .enter:
            searching = false
            guard !search.isEmpty else { return [] }
            let hits = matches(in: model)
            guard let first = hits.first else {
                searchHit = nil
                say("not found: \(search)", level: .warning, now: now)
                return []
            }
            scroll = .anchored(index: first, line: 0)
            searchHit = SearchHit(position: 1, count: hits.count)
        case .escape, .ctrl("c"):
            searching = false
            search = ""
            searchHit = nil
        case .backspace:
            if !search.isEmpty { search.removeLast() }
        case .char(let character):
            if search.count < 80 { search.append(character) }
        default:
            break
        }
        return []
    }

    /// The sentences (indices in the current recording) whose text on screen contains the search.
    func matches(in model: Broadcast) -> [Int] {
        let shown = model.language(for: language)
        return model.transcript.current.sentences.values.indices.filter {
            Self.matches(model.transcript.current.sentences.values[$0], search, language: shown)
        }
    }

    private mutating func jumpToMatch(forward: Bool, model: Broadcast, now: Double) {
        guard !search.isEmpty else {
            say("no search yet (/ searches)", now: now)
            return
        }
        let hits = matches(in: model)
        guard !hits.isEmpty else {
            searchHit = nil
            say("not found: \(search)", level: .warning, now: now)
            return
        }
        let current: Int = if case .anchored(let index, _) = scroll { index } else { forward ? -1 : Int.max }
        let next = forward ? hits.first { $0 > current } : hits.last { $0 < current }
        guard let next else {
            say(forward ? "no more matches below (F goes back)" : "no more matches above (f goes on)", now: now)
            return
        }
        scroll = .anchored(index: next, line: 0)
        searchHit = SearchHit(position: (hits.firstIndex(of: next) ?? 0) + 1, count: hits.count)
    }

    /// The original or the translation shown contains the query (case folded).
    static func matches(_ sentence: Sentence, _ query: String, language: String?) -> Bool {
        if sentence.original?.range(ignoringCaseOf: query) != nil { return true }
        guard let language, let translated = sentence.translations[language] else { return false }
        return translated.text.range(ignoringCaseOf: query) != nil
    }

    static func language(after action: Action, current: String?, in languages: [String]) -> String? {
        guard !languages.isEmpty else { return nil }
        // A language the broadcast does not offer (asked with --lang): the next is its first, the previous its last.
        guard let index = current.flatMap({ languages.firstIndex(of: $0) }) else {
            switch action {
            case .nextLanguage: return languages[0]
            case .previousLanguage: return languages[languages.count - 1]
            case .pickLanguage(let n): return n >= 1 && n <= languages.count ? languages[n - 1] : nil
            default: return nil
            }
        }
        switch action {
        case .nextLanguage: return languages[(index + 1) % languages.count]
        case .previousLanguage: return languages[(index - 1 + languages.count) % languages.count]
        case .pickLanguage(let n): return n >= 1 && n <= languages.count ? languages[n - 1] : nil
        default: return nil
        }
    }

    // MARK: - Waking up

    /// Seconds until something on screen changes by itself (a spinner, a
    /// countdown, a message expiring); nil when nothing does, so the UI sleeps
    /// until a key or an event wakes it.
    public func secondsUntilChange(model: Broadcast, now: Double) -> Double? {
        var next = Double.infinity
        if let message, message.until > now { next = min(next, message.until - now) }
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
                // "no data for N s" appears, then counts
                next = min(next, quietSeconds(now: now) != nil ? 1 : VASAssumptions.quietNotice.inSeconds - (now - last) + 0.01)
            }
        default:
            break
        }
        return next.isFinite ? next : nil
    }
}

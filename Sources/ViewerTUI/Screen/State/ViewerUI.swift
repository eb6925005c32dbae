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
    public typealias Scroll = Scrolling.Position
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
        public let prompt: PasswordPrompt
        public internal(set) var editor = LineEditor(limit: 1_024)
        public var typed: String { editor.text }
        public init(prompt: PasswordPrompt) {
            self.prompt = prompt
        }
    }

    /// The screen's size: the one place it is held (`ViewerMessage.resized` sets it).
    public struct Size: Equatable, Sendable {
        public var columns: Int
        public var rows: Int
        public init(columns: Int, rows: Int) {
            self.columns = columns
            self.rows = rows
        }
    }

    public struct SearchHit: Equatable, Sendable {
        public var position: Int
        public var count: Int
        public init(position: Int, count: Int) {
            self.position = position
            self.count = count
        }
    }

    // The state, by concern. Each part's own fields change only through its methods; these
    // change only in the update function (`handle`, `apply`: this file and ViewerUI+Updates).
    public internal(set) var server: String
    public internal(set) var token: String
    public internal(set) var broadcastName: String?
    public internal(set) var layout = Layout.auto
    public internal(set) var panes = Panes.both
    public internal(set) var connection = Connection.connecting
    /// When the last byte arrived (UI clock), to show a long silence.
    public internal(set) var lastActivity: Double?
    /// How the session ended, once it has.
    public internal(set) var outcome: SessionOutcome?
    public internal(set) var size = Size(columns: 0, rows: 24)
    /// The language, speech and pace, as the source said them, and what keys asked.
    public internal(set) var source: SourceControls
    public internal(set) var scrolling = Scrolling()
    public internal(set) var overlays = Overlays()
    public internal(set) var find = Search()
    /// What is said: the status bar, the notices list, `said`.
    public internal(set) var board: NoticeBoard
    /// The password being asked for, if any: keys go to it.
    public internal(set) var passwordEntry: PasswordEntry?
    /// Why no sound can be played while speech is on (no device); nil when it can.
    public internal(set) var audioProblem: String?
    public internal(set) var speaking: Speaking?
    public internal(set) var volume = 100
    /// Whether the translation outage was said (its end is said too).
    var saidOutage = false
    /// Whether the first `connecting` was said.
    var saidConnecting = false
    /// The language asked for that was said not to be offered.
    var saidNotOffered: String?

    // What the parts hold, read as before.
    public var language: String? { source.language }
    public var speech: Speech { source.speech }
    public var replay: ReplayPace? { source.replay }
    public var asked: SourceControls.Asked { source.asked }
    public var scroll: Scroll { scrolling.position }
    public var overlay: Overlay? { overlays.shown }
    public var overlayTop: Int { overlays.top }
    public var dismissedAnnouncements: Int { overlays.dismissedAnnouncements }
    /// The search as typed while it is, else the query searched.
    public var search: String { find.editor?.text ?? find.query }
    public var searching: Bool { find.editor != nil }
    public var searchHit: SearchHit? { find.hit }
    public var message: Message? { board.message }
    public var notices: [Notice] { board.notices }
    public var forgottenNotices: Int { board.forgotten }
    public var said: [Said] { board.said }
    public var columns: Int { size.columns }

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

    public init(server: String, token: String, language: String?, speech: Speech = .off,
                layout: Layout = .auto, panes: Panes = .both, clockOrigin: Double = 0, utcOffset: Int = 0) {
        self.server = server
        self.token = token
        self.source = SourceControls(language: language, speech: speech)
        self.layout = layout
        self.panes = panes
        self.board = NoticeBoard(clockOrigin: clockOrigin, utcOffset: utcOffset)
    }

    /// The same state scrolled to the top of a sentence (as a search leaves it): for benchmarks
    /// and tests, which cannot send a thousand keys. The viewer's own state changes only in
    /// the update function.
    public func scrolled(toSentence index: Int) -> ViewerUI {
        var copy = self
        copy.scrolling.anchor(at: index)
        return copy
    }

    // MARK: - Messages and notices

    /// Shows `text` in the status bar for long enough to read it; `keep` also lists it
    /// among the notices (`i`).
    public mutating func say(_ text: String, level: Notice.Level = .info, keep: Bool = false, now: Double) {
        board.say(text, level: level, keep: keep, now: now)
    }

    /// Lists a notice (`i`) without a status-bar message, and says it to plain mode and the log
    /// (`said`). The same notice again is counted in the list, not repeated.
    public mutating func note(_ text: String, level: Notice.Level = .info, inTranscript: Bool = false, now: Double) {
        board.note(text, level: level, inTranscript: inTranscript, now: now)
    }

    /// A warning that input may repeat without end: the first three times, then at 10, 100, …
    public mutating func noteRepeated(_ text: String, now: Double) {
        board.noteRepeated(text, now: now)
    }

    /// What was said since the last call, in order; the front end prints or logs it.
    public mutating func takeSaid() -> [Said] { board.take() }

    /// The status-bar message, if it is still to be shown.
    public func currentMessage(now: Double) -> Message? { board.current(now: now) }

    /// `14:03:05`: the local time of a moment on the UI clock.
    public func clockText(_ at: Double) -> String { board.clockText(at) }

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

import BroadcastCore
import BroadcastModel

/// The full-screen viewer's state and its one update function: every key, session update,
/// speech event and resize goes through `update`, which changes the state and says what to
/// do (`ViewerEffect`); `frame` draws the state and changes nothing. Nothing here touches the terminal, the
/// network or a file, so the tests drive it whole (and `ViewerLoop` with a test screen).
public struct ViewerApp: Sendable {
    // Changed only by `update` (the tests, with @testable, set up a state directly).
    public internal(set) var model = Broadcast()
    public internal(set) var ui: ViewerUI
    /// Files `s` wrote, to say where they are on leaving.
    public private(set) var saved: [String] = []
    /// The broadcast time of the last sentence in each file `s` saved (a snapshot, not the whole viewing).
    public private(set) var snapshotTimes: [String: String] = [:]

    /// What leaving says about the files `s` saved, except `except` (the --save file, written whole on leaving).
    public func snapshotWords(except: String?) -> [String] {
        saved.filter { $0 != except }.map { path in
            let at = snapshotTimes[path].map { " at \($0)" } ?? ""
            return "snapshot\(at) saved to \(path) (the transcript when s was pressed)"
        }
    }

    /// Starts the viewer with the broadcast's details, if they were read.
    public init(ui: ViewerUI, details: BroadcastInfo? = nil, now: Double = 0) {
        self.ui = ui
        if let details {
            model.apply(details)
            if let name = details.name { self.ui.broadcastName = name }
        }
        // The warning printed before the screen opened is gone from view: say it on screen too.
        if ui.speech != .off, let missing = ui.noSpeech(in: ui.language, model: model) {
            self.ui.say(missing, level: .warning, keep: true, now: now)
        }
    }

    /// The translation language on screen (what `s` and `--save` write).
    public var languageShown: String? { model.language(for: ui.language) }

    public mutating func update(_ message: ViewerMessage, now: Double) -> [ViewerEffect] {
        switch message {
        case .key(.ctrl("c")):
            return [.exit(code: ExitStatus.interrupted, farewell: nil)]
        case .key(.ctrl("z")):
            // Anywhere, as in less, vim and htop: the shell's prompt, and `fg` brings the screen back.
            return [.suspend]
        case .key(let key):
            return ui.handle(key, languages: model.viewer.availableLanguages, model: model, now: now)
        case .resized(let columns, let rows):
            ui.size = ViewerUI.Size(columns: columns, rows: rows)
            return [.redraw]
        case .update(let update):
            return ui.apply(update, to: &model, now: now)
        case .speech(let event):
            ui.apply(event, now: now)
            return []
        case .note(let text, let level):
            ui.say(text, level: level, keep: true, now: now)
            return []
        case .autosaving(let path):
            // The whole path is in the notices (i) and said again on leaving.
            ui.say("autosaving to …/\(path.split(separator: "/").last.map(String.init) ?? path)", now: now)
            ui.note("autosaving to \(path)", now: now)
            return []
        case .saved(let path):
            ui.say("saved to \(path)", keep: true, now: now)
            if !saved.contains(path) { saved.append(path) }
            snapshotTimes[path] = model.transcript.current.sentences.values.last(where: { $0.startTime != nil })?.startTime
            return []
        case .saveFailed(let why):
            ui.say(why, level: .error, keep: true, now: now)
            return []
        case .interrupted(let code):
            return [.exit(code: code, farewell: nil)]
        }
    }

    /// What the updates said since the last call, in order: plain mode prints it, the log keeps it.
    public mutating func takeSaid() -> [ViewerUI.Said] {
        ui.takeSaid()
    }

    /// The screen as it is now: a pure function of the state (its size included).
    public func frame(now: Double) -> Grid {
        Renderer.render(model, ui, now: now)
    }

    /// Seconds until the screen changes by itself; nil: not until something arrives.
    public func secondsUntilChange(now: Double) -> Double? {
        ui.secondsUntilChange(model: model, now: now)
    }
}

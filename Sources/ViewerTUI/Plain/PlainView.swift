import BroadcastCore
import BroadcastModel

/// Plain mode as a view of the viewer's one state machine: every message goes through the
/// same update function as on the full screen (`ViewerApp.update`), and this prints what the
/// update said — the sentences (`PlainPrinter`) and every notice as a `#` line, in the words
/// the full screen lists them (`i`). It has no interpretation of session updates of its own.
public struct PlainView {
    public private(set) var app: ViewerApp
    /// The sentences' printer (its language follows the update function's).
    public var printer: PlainPrinter

    /// What one message made plain mode print and do.
    public struct Output: Equatable {
        /// For standard output, in order.
        public var lines: [String] = []
        /// Every notice, for the log; warnings and errors also for standard error when standard
        /// output is not a terminal (there the `#` line says it, once).
        public var notices: [ViewerUI.Notice] = []
        /// What the front end must do (answer a password prompt).
        public var effects: [ViewerEffect] = []
    }

    public init(app: ViewerApp) {
        self.app = app
        printer = PlainPrinter(language: app.ui.language)
    }

    /// One message: the state changes in the update function, and what it said is printed.
    public mutating func take(_ message: ViewerMessage, now: Double) -> Output {
        let effects = app.update(message, now: now)
        var out = said(now: now)
        out.effects = effects
        return out
    }

    /// What the state said that was not printed yet (at the start: a language without speech).
    public mutating func said(now: Double) -> Output {
        var out = Output()
        printer.requestedLanguage = app.ui.language
        for said in app.takeSaid() {
            switch said {
            case .transcript(let update):
                out.lines += printer.lines(after: update, model: app.model, now: now)
            case .notice(let notice):
                // A gap is printed where it is in the transcript (PlainPrinter.gapLine), not when found.
                if !notice.inTranscript { out.lines.append("# " + notice.text) }
                out.notices.append(notice)
            }
        }
        return out
    }

    /// When `tick` should next be called (a sentence waiting for its translation), if ever.
    public var nextDeadline: Double? { printer.nextDeadline }

    /// Time passes with nothing arriving: what waited long enough for its translation.
    public mutating func tick(now: Double) -> [String] {
        printer.tick(model: app.model, now: now)
    }

    /// The end: everything not printed yet, finished or not.
    public mutating func finish() -> [String] {
        printer.finish(model: app.model)
    }

    /// The translation language printed (what --save writes).
    public var language: String? { app.languageShown }
}

import BroadcastCore
import BroadcastModel

/// Stream items → model → plain lines; diagnostics to standard error.
/// The same for `replay` and for live viewing.
struct PlainPipeline {
    private(set) var model = BroadcastModel()
    private var printer: PlainPrinter

    init(language: String?) {
        printer = PlainPrinter(language: language)
    }

    mutating func handle(_ item: StreamItem, now: Double) -> [String] {
        let update = model.apply(item)
        guard case .event(let event) = item else {
            if let message = item.diagnostic { Diagnostics.repeatedWarning(message) }
            return []
        }
        return printer.lines(after: event, update: update, model: model, now: now)
    }

    mutating func select(language: String?) {
        printer.requestedLanguage = language
    }

    var language: String? { printer.language(in: model) }

    var nextDeadline: Double? { printer.nextDeadline }

    mutating func tick(now: Double) -> [String] {
        printer.tick(model: model, now: now)
    }

    mutating func finish() -> [String] {
        printer.finish(model: model)
    }
}

import BroadcastCore
import BroadcastModel

/// Stream items → model → plain lines; diagnostics to standard error.
/// The same for `replay` and for live viewing.
public struct PlainPipeline {
    public private(set) var model = BroadcastModel()
    private var printer: PlainPrinter

    public init(language: String?) {
        printer = PlainPrinter(language: language)
    }

    public mutating func handle(_ item: StreamItem, now: Double) -> [String] {
        let update = model.apply(item)
        guard case .event(let event) = item else {
            if let message = item.diagnostic { Diagnostics.repeatedWarning(message) }
            return []
        }
        return printer.lines(after: event, update: update, model: model, now: now)
    }

    public mutating func select(language: String?) {
        printer.requestedLanguage = language
    }

    public var language: String? { printer.language(in: model) }

    public var nextDeadline: Double? { printer.nextDeadline }

    public mutating func tick(now: Double) -> [String] {
        printer.tick(model: model, now: now)
    }

    public mutating func finish() -> [String] {
        printer.finish(model: model)
    }
}

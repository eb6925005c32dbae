/// One line being typed: the search (`/`) and the password prompt. Characters, Backspace,
/// Ctrl-U clears, Enter gives it, Esc (or Ctrl-C) gives up.
public struct LineEditor: Equatable, Sendable {
    public private(set) var text = ""
    /// The longest it may grow, in characters.
    public let limit: Int

    public enum Outcome: Equatable, Sendable {
        case editing
        case submitted(String)
        case cancelled
    }

    public init(limit: Int) {
        self.limit = limit
    }

    public mutating func edit(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submitted(text)
        case .escape, .ctrl("c"): return .cancelled
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        case .char(let character): if text.count < limit { text.append(character) }
        case .tab: if text.count < limit { text.append("\t") }
        default: break
        }
        return .editing
    }
}

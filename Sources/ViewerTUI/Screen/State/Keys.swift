import BroadcastModel
/// A key press, as the terminal backend decodes it.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
    case wheelUp, wheelDown
}

extension Key {
    /// As the help names it: `x`, `Ctrl-X`, `Enter`.
    public var name: String {
        switch self {
        case .char(" "): "Space"
        case .char(let character): TextSanitizer.clean(String(character))
        case .ctrl(let character): "Ctrl-" + character.uppercased()
        case .up: "↑"
        case .down: "↓"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .wheelUp: "the wheel up"
        case .wheelDown: "the wheel down"
        }
    }
}

/// What a key asks for.
public enum Action: Hashable, Sendable {
    case quit
    case nextLanguage, previousLanguage
    case pickLanguage(Int)
    case toggleSpeech, mute, volumeUp, volumeDown, skipSpeech
    case toggleLayout, cyclePanes
    case scrollUp, scrollDown, pageUp, pageDown, halfPageUp, halfPageDown, top, bottom
    case search, nextMatch, previousMatch, clearSearch
    case save
    case dismissAnnouncement, showAnnouncements
    case showNotices
    case help
    case redraw
    /// Ctrl-Z: to the shell; `fg` comes back.
    case suspend
    /// Replays only.
    case pause, faster, slower
}

/// One table for every binding: the input loop reads it, and it builds the
/// help overlay and the status-bar hint, so they can never disagree.
public enum KeyTable {
    public struct Binding: Sendable {
        public var keys: [Key]
        public var label: String
        public var action: Action
        public var help: String
    }

    public static let bindings: [Binding] = [
        Binding(keys: [.char("l"), .tab], label: "l Tab", action: .nextLanguage, help: "next language"),
        Binding(keys: [.char("L"), .backTab], label: "L S-Tab", action: .previousLanguage, help: "previous language"),
        Binding(keys: (1...9).map { .char(Character(String($0))) }, label: "1-9", action: .pickLanguage(0), help: "pick a language"),
        Binding(keys: [.char("t")], label: "t", action: .toggleSpeech, help: "speech on / off"),
        Binding(keys: [.char("m")], label: "m", action: .mute, help: "mute / unmute speech"),
        Binding(keys: [.char("+"), .char("=")], label: "+ -", action: .volumeUp, help: "volume up / down"),
        Binding(keys: [.char("-")], label: "", action: .volumeDown, help: ""),
        Binding(keys: [.char("n")], label: "n", action: .skipSpeech, help: "skip the spoken sentence"),
        Binding(keys: [.char("v")], label: "v", action: .toggleLayout, help: "cycle the layout"),
        Binding(keys: [.char("o")], label: "o", action: .cyclePanes, help: "one pane / both panes"),
        Binding(keys: [.up, .char("k"), .wheelUp], label: "↑ k", action: .scrollUp, help: "scroll up a line"),
        Binding(keys: [.down, .char("j"), .wheelDown], label: "↓ j", action: .scrollDown, help: "scroll down a line"),
        Binding(keys: [.pageUp, .ctrl("b")], label: "PgUp", action: .pageUp, help: "scroll up a page"),
        Binding(keys: [.pageDown, .ctrl("f")], label: "PgDn", action: .pageDown, help: "scroll down a page"),
        Binding(keys: [.char("b")], label: "b Space", action: .pageUp, help: "page up / down"),
        Binding(keys: [.char(" ")], label: "", action: .pageDown, help: ""),
        Binding(keys: [.ctrl("u")], label: "C-u C-d", action: .halfPageUp, help: "half a page up / down"),
        Binding(keys: [.ctrl("d")], label: "", action: .halfPageDown, help: ""),
        Binding(keys: [.home, .char("g")], label: "Home g", action: .top, help: "the first sentence"),
        Binding(keys: [.end, .char("G")], label: "End G", action: .bottom, help: "follow the newest"),
        Binding(keys: [.char("/")], label: "/", action: .search, help: "search the transcript"),
        Binding(keys: [.char("f")], label: "f F", action: .nextMatch, help: "next / previous match"),
        Binding(keys: [.char("F")], label: "", action: .previousMatch, help: ""),
        Binding(keys: [.escape], label: "Esc", action: .clearSearch, help: "clear search, close list"),
        Binding(keys: [.char("s")], label: "s", action: .save, help: "save the transcript now"),
        Binding(keys: [.char("p")], label: "p", action: .pause, help: "replay: pause / resume"),
        Binding(keys: [.char("]"), .char(">")], label: "] [", action: .faster, help: "replay: faster / slower"),
        Binding(keys: [.char("["), .char("<")], label: "", action: .slower, help: ""),
        Binding(keys: [.char("x")], label: "x", action: .dismissAnnouncement, help: "dismiss the announcement"),
        Binding(keys: [.char("a")], label: "a", action: .showAnnouncements, help: "list announcements"),
        Binding(keys: [.char("i")], label: "i", action: .showNotices, help: "notices of this session"),
        Binding(keys: [.ctrl("l")], label: "C-l", action: .redraw, help: "redraw the screen"),
        Binding(keys: [.ctrl("z")], label: "C-z", action: .suspend, help: "suspend (fg comes back)"),
        Binding(keys: [.char("?"), .char("h")], label: "?", action: .help, help: "this help"),
        Binding(keys: [.char("q"), .ctrl("c")], label: "q C-c", action: .quit, help: "quit"),
    ]

    private static let index: [Key: Action] = {
        var map: [Key: Action] = [:]
        for binding in bindings {
            for key in binding.keys {
                if case .pickLanguage = binding.action, case .char(let c) = key, let n = c.wholeNumberValue {
                    map[key] = .pickLanguage(n)
                } else {
                    map[key] = binding.action
                }
            }
        }
        return map
    }()

    public static func action(for key: Key) -> Action? {
        index[key]
    }

    /// Lines for the help overlay: key labels and what they do.
    public static var helpLines: [(keys: String, help: String)] {
        bindings.filter { !$0.label.isEmpty }.map { ($0.label, $0.help) }
    }
}

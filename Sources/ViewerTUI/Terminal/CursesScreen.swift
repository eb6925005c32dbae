import BroadcastCore
import CNcurses
import FoundationEssentials
import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// The thin ncurses backend: copies a `Grid` to the terminal, only the cells
/// that changed, and reads keys. Used from one thread only.
/// Sendable only to be handed to the UI thread, which alone uses it.
public final class CursesScreen: ViewerScreen, @unchecked Sendable {
    private let screen: OpaquePointer
    private let theme: Theme
    private var pairs: [Int: Int16] = [:]
    private var previous: Grid?
    private let hasColour: Bool

    /// Why the full screen cannot be used here (the caller prints plain lines instead).
    public enum Failure: Error, CustomStringConvertible {
        case noUTF8Locale(String)
        case unknownTerminal(String)

        public var description: String {
            switch self {
            case .noUTF8Locale(let locale):
                "the locale (\(locale)) is not UTF-8 and this system has no UTF-8 locale (such as C.UTF-8), so Chinese and Japanese cannot be drawn on the full screen; printing plain lines. Install one (Debian: the locales package) or set LANG to a UTF-8 locale."
            case .unknownTerminal(let term):
                "this terminal (TERM=\(term)) cannot show the full-screen viewer; printing plain lines."
            }
        }
    }

    /// The locale used for characters when the user's own is not UTF-8 (nil when it is).
    public private(set) var substituteLocale: String?

    /// Throws when the terminal cannot be driven (no UTF-8 locale, unknown or missing TERM): use plain mode.
    public init(theme: Theme) throws(Failure) {
        let environment = ProcessInfo.processInfo.environment
        guard let chosen = vas_setlocale_utf8() else {
            throw .noUTF8Locale(environment["LC_ALL"] ?? environment["LC_CTYPE"] ?? environment["LANG"] ?? "unset")
        }
        let name = String(cString: chosen)
        substituteLocale = name.isEmpty ? nil : name
        guard let screen = vas_newterm() else { throw .unknownTerminal(environment["TERM"] ?? "unset") }
        self.screen = screen
        self.theme = theme
        vas_setup()
        hasColour = vas_colors() >= 8
        var fds: [Int32] = [-1, -1]
        pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        resizeFD = fds[0]
        resizeWriteFD = fds[1]
        vas_watch_resizes(resizeWriteFD)
    }

    /// Readable when the terminal was resized (see `vas_watch_resizes`): the UI thread polls it.
    public let resizeFD: Int32
    private let resizeWriteFD: Int32

    /// After a wake on `resizeFD`: empties it and tells ncurses the new size (a KEY_RESIZE follows).
    public func takeResize() {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(resizeFD, &sink, sink.count) > 0 {}
        vas_apply_resize()
    }

    public var size: ViewerUI.Size { ViewerUI.Size(columns: Int(vas_cols()), rows: Int(vas_rows())) }

    /// Draws the cells that differ from the last frame, then updates the terminal once.
    /// A wide glyph is one unit: when either of its two columns changed, it is drawn
    /// again whole (writing only its right half would leave the terminal and ncurses
    /// disagreeing about the row, and the rest of the row would shift).
    public func draw(_ grid: Grid) {
        let full = previous == nil || previous!.columns != grid.columns || previous!.rows != grid.rows
        if full { clear() }
        for row in 0..<grid.rows {
            var column = 0
            while column < grid.columns {
                // The glyph covering this column starts here, or one to the left for a right half.
                let start = grid[row, column].width == 0 && column > 0 ? column - 1 : column
                let cell = grid[row, start]
                let end = min(grid.columns, max(column + 1, start + max(1, Int(cell.width))))
                let unchanged = !full && (start..<end).allSatisfy { previous![row, $0] == grid[row, $0] }
                if !unchanged { put(cell, row: row, column: start) }
                column = end
            }
        }
        refresh()
        previous = grid
    }

    /// Forget what is on screen (after a resize, or coming back from a prompt).
    public func invalidate() {
        previous = nil
    }

    private func put(_ cell: Cell, row: Int, column: Int) {
        let style = theme.style(for: cell.role)
        var attributes = vas_a_normal()
        if style.bold { attributes |= vas_a_bold() }
        if style.dim { attributes |= vas_a_dim() }
        if style.reverse { attributes |= vas_a_reverse() }
        if style.underline { attributes |= vas_a_underline() }
        var text: [wchar_t] = cell.text.unicodeScalars.prefix(Int(vas_ccharw_max()) - 1).map { wchar_t(bitPattern: $0.value) }
        if text.isEmpty { text = [0x20] }
        text.append(0)
        _ = vas_put_cell(Int32(row), Int32(column), text, attributes, pair(for: style))
    }

    private func pair(for style: Style) -> Int16 {
        guard hasColour, style.foreground != nil || style.background != nil else { return 0 }
        let key = (style.foreground?.rawValue ?? 9) * 16 + (style.background?.rawValue ?? 9)
        if let existing = pairs[key] { return existing }
        let number = Int16(pairs.count + 1)
        guard Int32(number) < vas_color_pairs() else { return 0 }
        _ = vas_init_pair(number, Int16(style.foreground?.rawValue ?? -1), Int16(style.background?.rawValue ?? -1))
        pairs[key] = number
        return number
    }

    /// Every key waiting in the input, decoded.
    public func readKeys() -> (keys: [Key], resized: Bool) {
        var keys: [Key] = []
        var resized = false
        var code: wint_t = 0
        while true {
            let result = vas_get_key(&code)
            if result == ERR { break }
            if result == VAS_KEY_CODE_YES {
                switch Int32(code) {
                case VAS_KEY_UP: keys.append(.up)
                case VAS_KEY_DOWN: keys.append(.down)
                case VAS_KEY_PPAGE: keys.append(.pageUp)
                case VAS_KEY_NPAGE: keys.append(.pageDown)
                case VAS_KEY_HOME: keys.append(.home)
                case VAS_KEY_END: keys.append(.end)
                case VAS_KEY_BTAB: keys.append(.backTab)
                case VAS_KEY_ENTER: keys.append(.enter)
                case VAS_KEY_BACKSPACE: keys.append(.backspace)
                case VAS_KEY_RESIZE: resized = true
                case VAS_KEY_MOUSE:
                    switch vas_mouse_wheel() {
                    case -1: keys.append(.wheelUp)
                    case 1: keys.append(.wheelDown)
                    default: break
                    }
                default: break
                }
                continue
            }
            switch code {
            case 3: keys.append(.ctrl("c"))
            case 26: keys.append(.ctrl("z"))
            case 4: keys.append(.ctrl("d"))
            case 12: keys.append(.ctrl("l"))
            case 21: keys.append(.ctrl("u"))
            case 2: keys.append(.ctrl("b"))
            case 6: keys.append(.ctrl("f"))
            case 9: keys.append(.tab)
            case 10, 13: keys.append(.enter)
            case 27: keys.append(.escape)
            case 8, 127: keys.append(.backspace)
            default:
                if code >= 0x20, let scalar = Unicode.Scalar(UInt32(code)) { keys.append(.char(Character(scalar))) }
            }
        }
        return (keys, resized)
    }

    public func wait(inbox: Inbox, seconds: Double?) -> ScreenWake {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: inbox.wakeFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: resizeFD, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 3, seconds.map { Int32(max(1, min(60_000, $0 * 1000))) } ?? -1)
        if fds[2].revents != 0 { takeResize() }
        return ScreenWake(keys: fds[0].revents != 0, inbox: fds[1].revents != 0)
    }

    public func waitForKey(seconds: Double) {
        var keyboard = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
        _ = poll(&keyboard, 1, Int32(max(0, seconds) * 1000) + 1)
    }

    public func suspend() {
        vas_suspend()
    }

    public func end() {
        vas_watch_resizes(-1)
        endwin()
        delscreen(screen)
        close(resizeFD)
        close(resizeWriteFD)
    }
}

import BroadcastCore
import CNcurses
#if canImport(Glibc)
import Glibc
#endif

/// The thin ncurses backend: copies a `Grid` to the terminal, only the cells
/// that changed, and reads keys. Used from one thread only.
/// Sendable only to be handed to the UI thread, which alone uses it.
final class CursesScreen: @unchecked Sendable {
    private let screen: OpaquePointer
    private let theme: Theme
    private var pairs: [Int: Int16] = [:]
    private var previous: Grid?
    private let hasColour: Bool

    /// nil when the terminal cannot be driven (unknown or missing TERM): use plain mode.
    init?(theme: Theme) {
        vas_setlocale()
        guard let screen = vas_newterm() else { return nil }
        self.screen = screen
        self.theme = theme
        vas_setup()
        hasColour = vas_colors() >= 8
    }

    var size: (columns: Int, rows: Int) { (Int(vas_cols()), Int(vas_rows())) }

    /// Draws the cells that differ from the last frame, then updates the terminal once.
    func draw(_ grid: Grid) {
        let full = previous == nil || previous!.columns != grid.columns || previous!.rows != grid.rows
        if full { clear() }
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let cell = grid[row, column]
                if cell.width == 0 { continue }
                if !full, let previous, previous[row, column] == cell,
                   cell.width == 1 || previous[row, column + 1] == grid[row, column + 1] { continue }
                put(cell, row: row, column: column)
            }
        }
        refresh()
        previous = grid
    }

    /// Forget what is on screen (after a resize, or coming back from a prompt).
    func invalidate() {
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
    func readKeys() -> (keys: [Key], resized: Bool) {
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

    /// Leave curses for a moment (a password prompt), then come back.
    func suspend() {
        def_prog_mode()
        endwin()
    }

    func resume() {
        reset_prog_mode()
        invalidate()
    }

    func end() {
        endwin()
        delscreen(screen)
    }
}

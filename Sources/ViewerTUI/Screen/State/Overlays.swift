/// The box over the transcript (help, announcements, notices), how far it is scrolled, and
/// which announcements were dismissed.
public struct Overlays: Equatable, Sendable {
    public private(set) var shown: ViewerUI.Overlay?
    /// The first line of the box shown (it scrolls when it does not fit).
    public private(set) var top = 0
    /// Announcements up to this count have been dismissed.
    public private(set) var dismissedAnnouncements = 0

    public init() {}

    mutating func open(_ overlay: ViewerUI.Overlay) {
        shown = overlay
        top = 0
    }

    mutating func close() {
        shown = nil
        top = 0
    }

    mutating func dismissAnnouncements(upTo count: Int) { dismissedAnnouncements = count }

    /// A scroll key in a box of `lines` rows, `visible` of them shown. False for any other key.
    mutating func scroll(_ action: Action?, lines: Int, visible: Int) -> Bool {
        let last = max(0, lines - visible)
        switch action {
        case .scrollUp: top = max(0, min(top, last) - 1)
        case .scrollDown: top = min(last, top + 1)
        case .pageUp: top = max(0, min(top, last) - max(1, visible - 1))
        case .pageDown: top = min(last, top + max(1, visible - 1))
        case .halfPageUp: top = max(0, min(top, last) - max(1, visible / 2))
        case .halfPageDown: top = min(last, top + max(1, visible / 2))
        case .top: top = 0
        case .bottom: top = last
        default: return false
        }
        return true
    }
}

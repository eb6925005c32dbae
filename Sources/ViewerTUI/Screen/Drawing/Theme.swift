import BroadcastModel
/// The eight basic terminal colours (the user's palette decides how they look).
public enum TermColor: Int, Hashable, Sendable {
    case black, red, green, yellow, blue, magenta, cyan, white
}

/// How a role looks: colours (nil is the terminal's default) and attributes.
public struct Style: Hashable, Sendable {
    public var foreground: TermColor?
    public var background: TermColor?
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false

    public init(_ foreground: TermColor? = nil, on background: TermColor? = nil, bold: Bool = false,
                dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }
}

/// Roles mapped to styles. The monochrome theme (NO_COLOR, --no-color) keeps
/// bold, dim, reverse and underline, so nothing depends on colour alone.
public struct Theme: Equatable, Sendable {
    public let name: String
    private let colour: Bool

    public static let colour = Theme(name: "colour", colour: true)
    public static let monochrome = Theme(name: "monochrome", colour: false)

    /// `NO_COLOR` set to anything non-empty, or `--no-color`, picks monochrome (see no-color.org).
    public static func choose(environment: [String: String], noColorFlag: Bool) -> Theme {
        if noColorFlag { return .monochrome }
        if let value = environment["NO_COLOR"], !value.isEmpty { return .monochrome }
        return .colour
    }

    static let speakerColours: [TermColor] = [.yellow, .green, .magenta, .cyan, .blue, .red]

    public func style(for role: Role) -> Style {
        switch role {
        case .text: return Style()
        case .partial, .placeholder, .dim: return Style(dim: true)
        case .time: return colour ? Style(.cyan) : Style(dim: true)
        case .speaker(let index):
            return colour ? Style(Self.speakerColours[index % Self.speakerColours.count], bold: true) : Style(bold: true)
        case .failure: return colour ? Style(.red) : Style(underline: true)
        case .status: return Style(reverse: true)
        case .statusAccent: return Style(bold: true, reverse: true)
        case .statusWarning: return colour ? Style(.black, on: .yellow) : Style(bold: true, reverse: true)
        case .banner: return colour ? Style(.white, on: .blue, bold: true) : Style(bold: true, reverse: true)
        case .bannerAlert: return colour ? Style(.white, on: .red, bold: true) : Style(bold: true, reverse: true)
        case .title, .key: return Style(bold: true)
        case .searchMatch: return colour ? Style(.black, on: .yellow) : Style(reverse: true)
        case .speaking: return Style(bold: true, underline: true)
        }
    }
}

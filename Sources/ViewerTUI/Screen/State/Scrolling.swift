/// Where the transcript view stands: following the newest sentence, or anchored at a line of a
/// sentence. Keys move it by lines, resolved at once against the layout the screen draws
/// (`TranscriptRegion.lines`), so that drawing only reads it.
public struct Scrolling: Equatable, Sendable {
    public enum Position: Equatable, Sendable {
        case follow
        /// The top of the view is line `line` of the sentence at `index` (in the current recording).
        case anchored(index: Int, line: Int)
    }

    public private(set) var position = Position.follow

    public init(_ position: Position = .follow) {
        self.position = position
    }

    /// The region's layout, as far as scrolling needs it: how many sentences, how many lines
    /// each takes, how many rows the region has.
    public struct Lines {
        public var count: Int
        public var height: (Int) -> Int
        public var rows: Int
        public init(count: Int, rows: Int, height: @escaping (Int) -> Int) {
            self.count = count
            self.rows = rows
            self.height = height
        }
    }

    mutating func follow() { position = .follow }

    mutating func anchor(at index: Int) { position = .anchored(index: index, line: 0) }

    /// Moves by `steps` lines (negative: up). Back down to where following would show the
    /// same, it follows again.
    mutating func move(by steps: Int, in lines: Lines) {
        guard steps != 0, lines.count > 0 else { return }
        let height = lines.height
        // Where the view starts now, as (sentence, line).
        var (index, line): (Int, Int)
        switch position {
        case .anchored(let i, let l): (index, line) = (min(i, lines.count - 1), l)
        case .follow:
            var total = 0
            index = lines.count - 1
            while index > 0, total + height(index) < lines.rows {
                total += height(index)
                index -= 1
            }
            line = max(0, height(index) - (lines.rows - total))
            if total + height(index) <= lines.rows { line = 0 }
        }
        var steps = steps
        while steps < 0 {
            if line > 0 { line -= 1 } else if index > 0 { index -= 1; line = height(index) - 1 } else { break }
            steps += 1
        }
        while steps > 0 {
            if line + 1 < height(index) { line += 1 } else if index + 1 < lines.count { index += 1; line = 0 } else { break }
            steps -= 1
        }
        // Scrolled back down to where following would show the same: follow again.
        var below = height(index) - line
        var next = index + 1
        while next < lines.count, below < lines.rows + 1 { below += height(next); next += 1 }
        position = (next >= lines.count && below <= lines.rows) ? .follow : .anchored(index: index, line: line)
    }
}

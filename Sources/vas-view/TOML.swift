import OrderedCollections

/// One TOML value.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    /// An offset date-time, local date-time, local date or local time, as written.
    case datetime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The text of a `.string`; nil for every other kind.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value of a `.bool`; nil for every other kind.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value of an `.integer`; nil for every other kind.
    public var int: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value of a `.float`; nil for every other kind, integers included.
    public var double: Double? {
        if case .float(let value) = self { return value }
        return nil
    }

    /// The entries of a `.table`; nil for every other kind.
    public var table: TOMLTable? {
        if case .table(let value) = self { return value }
        return nil
    }
}

/// A TOML table: its keys in document order.
public typealias TOMLTable = OrderedDictionary<String, TOMLValue>

/// Why a document could not be read, and where.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The line of the problem, from 1.
    public let line: Int
    /// The column of the problem, from 1, counted in Unicode scalars (a tab counts as one;
    /// a leading byte-order mark is not counted).
    public let column: Int
    /// What is wrong, in plain English.
    public let message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A TOML v1.0.0 reader for the settings file, `config.toml`, in the standard library alone.
///
/// `TOML.parse` reads a whole document and returns its top-level table, keys in the order
/// they first appear. Every problem is a thrown `TOMLError` naming the line and column;
/// no input makes it crash. Nesting (tables, arrays, inline tables together) is limited to
/// `TOML.maxDepth` levels so that a hostile file cannot exhaust the stack.
///
/// Dates and times are checked (shape and ranges) and kept as their text, in `.datetime`.
public enum TOML {
    /// How deeply tables, arrays and inline tables may nest, all together.
    public static let maxDepth = 100

    /// The document's top-level table.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        try read(text).table
    }

    /// A document read: its table, and the line where each top-level key is first given
    /// (`key = …`, `key.sub = …`, `[key]` or `[[key]]`), for messages about a setting.
    public struct Document: Equatable, Sendable {
        public var table: TOMLTable
        public var lines: [String: Int]
    }

    public static func read(_ text: String) throws(TOMLError) -> Document {
        var parser = TOMLParser(text)
        let table = try parser.parseDocument()
        return Document(table: table, lines: parser.keyLines)
    }
}

// MARK: - The tables being built

/// A table while the document is read: it remembers how it came to be, which decides
/// what may still be added to it.
private final class TOMLTableNode {
    enum Origin {
        /// Created as the parent of a `[header]` or `[[header]]`: a header may still define it.
        case implicit
        /// Defined by its own `[header]` (or an element of `[[header]]`, or the root).
        case header
        /// Created by a dotted key: only more dotted keys of the same table may add to it.
        case dotted
        /// An inline table being read.
        case inline
    }

    enum Entry {
        /// A value given with `=`: strings, numbers, static arrays and inline tables. Frozen.
        case value(TOMLValue)
        case table(TOMLTableNode)
        case tables(TOMLTableArray)
    }

    var origin: Origin
    let depth: Int
    var entries: OrderedDictionary<String, Entry> = [:]

    init(origin: Origin, depth: Int) {
        self.origin = origin
        self.depth = depth
    }

    /// The finished table.
    var table: TOMLTable {
        var result = TOMLTable(minimumCapacity: entries.count)
        for (key, entry) in entries {
            switch entry {
            case .value(let value): result[key] = value
            case .table(let node): result[key] = .table(node.table)
            case .tables(let array): result[key] = .array(array.nodes.map { .table($0.table) })
            }
        }
        return result
    }
}

/// The elements of an array of tables, appended to in place.
private final class TOMLTableArray {
    var nodes: [TOMLTableNode]
    init(_ nodes: [TOMLTableNode]) { self.nodes = nodes }
}

/// One part of a (possibly dotted) key, and where it starts.
private struct TOMLKeyPart {
    let name: String
    let position: Int
}

// MARK: - The reader

private struct TOMLParser {
    private let text: [Unicode.Scalar]
    private var position = 0
    private let root = TOMLTableNode(origin: .header, depth: 0)
    private var current: TOMLTableNode
    /// The line of each top-level key's first appearance.
    private(set) var keyLines: [String: Int] = [:]

    init(_ source: String) {
        var scalars = Array(source.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        text = scalars
        current = root
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            skipWhitespace()
            guard let c = peek() else { break }
            switch c {
            case "#", "\n", "\r":
                try expectLineEnd(after: "the comment")
            case "[":
                try parseHeader()
                try expectLineEnd(after: "the table header")
            default:
                try parseKeyValue(into: current)
                try expectLineEnd(after: "the value")
            }
        }
        return root.table
    }

    // MARK: Characters

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index >= 0 && index < text.count ? text[index] : nil
    }

    private func error(_ message: String, at index: Int) -> TOMLError {
        var line = 1
        var column = 1
        var i = 0
        let end = min(max(index, 0), text.count)
        while i < end {
            if text[i] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += 1
        }
        return TOMLError(line: line, column: column, message: message)
    }

    /// Notes where a top-level key first appears (its line, as an error would name it).
    private mutating func noteTopLevel(_ key: TOMLKeyPart) {
        guard keyLines[key.name] == nil else { return }
        keyLines[key.name] = error("", at: key.position).line
    }

    private func error(_ message: String) -> TOMLError { error(message, at: position) }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    private static func isBareKeyCharacter(_ c: Unicode.Scalar) -> Bool {
        (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
    }

    /// The characters of an unquoted value: numbers, booleans, inf and nan (and mistakes).
    private static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        isBareKeyCharacter(c) || c == "+" || c == "."
    }

    /// Control characters other than tab, and DEL: not allowed in strings or comments.
    private static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }

    /// A character for a message: itself when printable, else its code point.
    private static func describe(_ c: Unicode.Scalar?) -> String {
        guard let c else { return "the end of the file" }
        if c == "\n" || c == "\r" { return "the end of the line" }
        if isControl(c) || c == "\u{FEFF}" { return codePoint(c.value) }
        return "'\(Character(c))'"
    }

    private static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private mutating func skipWhitespace() {
        while let c = peek(), c == " " || c == "\t" { position += 1 }
    }

    /// Consumes LF or CRLF.
    private mutating func consumeNewline() -> Bool {
        if peek() == "\n" {
            position += 1
            return true
        }
        if peek() == "\r" && peek(1) == "\n" {
            position += 2
            return true
        }
        return false
    }

    /// From `#` to the end of the line (which is left in place).
    private mutating func skipComment() throws(TOMLError) {
        position += 1
        while let c = peek(), c != "\n" {
            if c == "\r" {
                if peek(1) == "\n" { return }
                throw error("a carriage return must be followed by a line feed")
            }
            if Self.isControl(c) {
                throw error("the control character \(Self.codePoint(c.value)) is not allowed in a comment")
            }
            position += 1
        }
    }

    /// Whitespace, an optional comment, then a newline or the end of the file.
    private mutating func expectLineEnd(after what: String) throws(TOMLError) {
        skipWhitespace()
        if peek() == "#" { try skipComment() }
        guard let c = peek() else { return }
        if consumeNewline() { return }
        if c == "\r" { throw error("a carriage return must be followed by a line feed") }
        throw error("expected the end of the line after \(what), found \(Self.describe(c))")
    }

    /// Whitespace, newlines and comments, between the elements of an array.
    private mutating func skipArrayFiller() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek() == "#" { try skipComment() }
            if consumeNewline() { continue }
            if peek() == "\r" { throw error("a carriage return must be followed by a line feed") }
            return
        }
    }

    // MARK: Keys

    private static func display(_ parts: ArraySlice<TOMLKeyPart>) -> String {
        var result = ""
        for part in parts {
            if !result.isEmpty { result += "." }
            if !part.name.isEmpty && part.name.unicodeScalars.allSatisfy(isBareKeyCharacter) {
                result += part.name
            } else {
                result += "\"" + part.name + "\""
            }
        }
        return result
    }

    private static func display(_ parts: [TOMLKeyPart], through index: Int) -> String {
        display(parts[...min(index, parts.count - 1)])
    }

    /// A simple or dotted key; at least one part.
    private mutating func parseKey() throws(TOMLError) -> [TOMLKeyPart] {
        var parts: [TOMLKeyPart] = []
        while true {
            skipWhitespace()
            let start = position
            let name: String
            switch peek() {
            case "\"":
                name = try parseBasicString()
            case "'":
                name = try parseLiteralString()
            case let c? where Self.isBareKeyCharacter(c):
                var scalars = String.UnicodeScalarView()
                while let c = peek(), Self.isBareKeyCharacter(c) {
                    scalars.append(c)
                    position += 1
                }
                name = String(scalars)
            case let c:
                throw error(parts.isEmpty ? "expected a key, found \(Self.describe(c))"
                                          : "expected a key after '.', found \(Self.describe(c))")
            }
            parts.append(TOMLKeyPart(name: name, position: start))
            if parts.count > TOML.maxDepth {
                throw error("the key has more than \(TOML.maxDepth) parts", at: start)
            }
            skipWhitespace()
            guard peek() == "." else { return parts }
            position += 1
        }
    }

    // MARK: Tables

    private mutating func parseHeader() throws(TOMLError) {
        position += 1
        let isArray = peek() == "["
        if isArray { position += 1 }
        let keys = try parseKey()
        if isArray {
            guard peek() == "]" && peek(1) == "]" else {
                throw error("expected ']]' to close the array-of-tables header, found \(Self.describe(peek()))")
            }
            position += 2
        } else {
            guard peek() == "]" else {
                throw error("expected ']' to close the table header, found \(Self.describe(peek()))")
            }
            position += 1
        }
        guard let last = keys.last else { throw error("expected a key") }
        if let first = keys.first { noteTopLevel(first) }

        var node = root
        for (index, part) in keys.dropLast().enumerated() {
            switch node.entries[part.name] {
            case nil:
                let child = try newTable(in: node, origin: .implicit, at: part.position)
                node.entries[part.name] = .table(child)
                node = child
            case .table(let child)?:
                node = child
            case .tables(let array)?:
                guard let element = array.nodes.last else { throw error("internal: an empty array of tables", at: part.position) }
                node = element
            case .value(let value)?:
                throw error(Self.frozenMessage(value, Self.display(keys, through: index)), at: part.position)
            }
        }

        let name = Self.display(keys[...])
        switch node.entries[last.name] {
        case nil:
            let table = try newTable(in: node, origin: .header, at: last.position)
            node.entries[last.name] = isArray ? .tables(TOMLTableArray([table])) : .table(table)
            current = table
        case .table(let table)?:
            if isArray {
                throw error("'\(name)' is already a table, so [[\(name)]] cannot make it an array of tables", at: last.position)
            }
            guard table.origin == .implicit else {
                throw error("the table '\(name)' is defined twice", at: last.position)
            }
            table.origin = .header
            current = table
        case .tables(let array)?:
            guard isArray else {
                throw error("'\(name)' is an array of tables, so [\(name)] cannot define it as a table", at: last.position)
            }
            let table = try newTable(in: node, origin: .header, at: last.position)
            array.nodes.append(table)
            current = table
        case .value(let value)?:
            if isArray, case .array = value {
                throw error("'\(name)' is a static array, so [[\(name)]] cannot add to it", at: last.position)
            }
            if case .table = value {
                throw error("the inline table '\(name)' cannot be extended", at: last.position)
            }
            throw error("the key '\(name)' is already defined as a value", at: last.position)
        }
    }

    private static func frozenMessage(_ value: TOMLValue, _ name: String) -> String {
        if case .table = value { return "the inline table '\(name)' cannot be extended" }
        return "the key '\(name)' is already a value, not a table"
    }

    private func newTable(in parent: TOMLTableNode, origin: TOMLTableNode.Origin, at index: Int) throws(TOMLError) -> TOMLTableNode {
        guard parent.depth < TOML.maxDepth else {
            throw error("tables nest more than \(TOML.maxDepth) levels deep", at: index)
        }
        return TOMLTableNode(origin: origin, depth: parent.depth + 1)
    }

    /// `key = value`, into `table` (the current table, or an inline table being read).
    private mutating func parseKeyValue(into table: TOMLTableNode) throws(TOMLError) {
        let keys = try parseKey()
        guard peek() == "=" else { throw error("expected '=' after the key, found \(Self.describe(peek()))") }
        position += 1
        skipWhitespace()
        guard let last = keys.last else { throw error("expected a key") }
        if table === root, let first = keys.first { noteTopLevel(first) }

        var node = table
        for (index, part) in keys.dropLast().enumerated() {
            let name = Self.display(keys, through: index)
            switch node.entries[part.name] {
            case nil:
                let child = try newTable(in: node, origin: .dotted, at: part.position)
                node.entries[part.name] = .table(child)
                node = child
            case .table(let child)?:
                guard child.origin == .dotted else {
                    throw error("the table '\(name)' comes from a [header], so a dotted key cannot add to it", at: part.position)
                }
                node = child
            case .tables?:
                throw error("'\(name)' is an array of tables, so a dotted key cannot add to it", at: part.position)
            case .value(let value)?:
                throw error(Self.frozenMessage(value, name), at: part.position)
            }
        }
        guard node.entries.index(forKey: last.name) == nil else {
            throw error("the key '\(Self.display(keys[...]))' is defined twice", at: last.position)
        }
        let value = try parseValue(depth: node.depth + 1)
        node.entries[last.name] = .value(value)
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        guard let c = peek() else { throw error("a value is missing") }
        switch c {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { return .string(try parseMultilineString(quote: "\"")) }
            return .string(try parseBasicString())
        case "'":
            if peek(1) == "'" && peek(2) == "'" { return .string(try parseMultilineString(quote: "'")) }
            return .string(try parseLiteralString())
        case "[":
            return try parseArray(depth: depth)
        case "{":
            return try parseInlineTable(depth: depth)
        case "\n", "\r", "#":
            throw error("a value is missing")
        default:
            if Self.isDigit(c) && Self.isDigit(peek(1)) {
                if Self.isDigit(peek(2)) && Self.isDigit(peek(3)) && peek(4) == "-" { return try parseDateTime(hasDate: true) }
                if peek(2) == ":" { return try parseDateTime(hasDate: false) }
            }
            guard Self.isTokenCharacter(c) else { throw error("expected a value, found \(Self.describe(c))") }
            return try parseToken()
        }
    }

    private mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        let open = position
        guard depth <= TOML.maxDepth else { throw error("values nest more than \(TOML.maxDepth) levels deep") }
        position += 1
        var elements: [TOMLValue] = []
        while true {
            try skipArrayFiller()
            guard let c = peek() else { throw error("an array is not closed", at: open) }
            if c == "]" {
                position += 1
                return .array(elements)
            }
            elements.append(try parseValue(depth: depth + 1))
            try skipArrayFiller()
            switch peek() {
            case nil:
                throw error("an array is not closed", at: open)
            case ",":
                position += 1
            case "]":
                position += 1
                return .array(elements)
            case let other:
                throw error("expected ',' or ']' in the array, found \(Self.describe(other))")
            }
        }
    }

    private mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let open = position
        guard depth <= TOML.maxDepth else { throw error("values nest more than \(TOML.maxDepth) levels deep") }
        position += 1
        let node = TOMLTableNode(origin: .inline, depth: depth)
        skipWhitespace()
        if peek() == "}" {
            position += 1
            return .table([:])
        }
        while true {
            skipWhitespace()
            switch peek() {
            case nil:
                throw error("an inline table is not closed", at: open)
            case "\n", "\r":
                throw error("an inline table must be on one line (is it not closed?)")
            case "}":
                throw error("a trailing comma is not allowed in an inline table")
            default:
                break
            }
            try parseKeyValue(into: node)
            skipWhitespace()
            switch peek() {
            case nil:
                throw error("an inline table is not closed", at: open)
            case ",":
                position += 1
            case "}":
                position += 1
                return .table(node.table)
            case "\n", "\r":
                throw error("an inline table must be on one line (is it not closed?)")
            case let other:
                throw error("expected ',' or '}' in the inline table, found \(Self.describe(other))")
            }
        }
    }

    // MARK: Strings

    /// `"…"`, with escapes, on one line.
    private mutating func parseBasicString() throws(TOMLError) -> String {
        let open = position
        position += 1
        var scalars = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw error("a string is not closed", at: open) }
            switch c {
            case "\"":
                position += 1
                return String(scalars)
            case "\\":
                scalars.append(try parseEscape())
            case "\n", "\r":
                throw error("a string is not closed before the end of the line")
            default:
                if Self.isControl(c) {
                    throw error("the control character \(Self.codePoint(c.value)) must be escaped in a string")
                }
                scalars.append(c)
                position += 1
            }
        }
    }

    /// `'…'`, as written, on one line.
    private mutating func parseLiteralString() throws(TOMLError) -> String {
        let open = position
        position += 1
        var scalars = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw error("a string is not closed", at: open) }
            switch c {
            case "'":
                position += 1
                return String(scalars)
            case "\n", "\r":
                throw error("a string is not closed before the end of the line")
            default:
                if Self.isControl(c) {
                    throw error("the control character \(Self.codePoint(c.value)) is not allowed in a literal string")
                }
                scalars.append(c)
                position += 1
            }
        }
    }

    /// `"""…"""` (with escapes) or `'''…'''` (as written).
    private mutating func parseMultilineString(quote: Unicode.Scalar) throws(TOMLError) -> String {
        let open = position
        let isBasic = quote == "\""
        position += 3
        _ = consumeNewline()
        var scalars = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw error("a multi-line string is not closed", at: open) }
            if c == quote {
                var count = 0
                while peek(count) == quote { count += 1 }
                if count >= 3 {
                    guard count <= 5 else {
                        throw error("too many quotes at the end of a multi-line string", at: position + 5)
                    }
                    for _ in 0..<(count - 3) { scalars.append(quote) }
                    position += count
                    return String(scalars)
                }
                for _ in 0..<count { scalars.append(quote) }
                position += count
                continue
            }
            if isBasic && c == "\\" {
                var k = 1
                while peek(k) == " " || peek(k) == "\t" { k += 1 }
                if peek(k) == "\n" || (peek(k) == "\r" && peek(k + 1) == "\n") {
                    // A line-ending backslash: drop it, the newline, and the whitespace after.
                    position += k
                    while true {
                        if peek() == " " || peek() == "\t" {
                            position += 1
                        } else if !consumeNewline() {
                            break
                        }
                    }
                    continue
                }
                scalars.append(try parseEscape())
                continue
            }
            if consumeNewline() {
                scalars.append("\n")
                continue
            }
            if Self.isControl(c) {
                throw error(c == "\r" ? "a carriage return must be followed by a line feed"
                                      : "the control character \(Self.codePoint(c.value)) is not allowed in a string")
            }
            scalars.append(c)
            position += 1
        }
    }

    /// At a backslash in a basic string: the scalar it stands for.
    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let c = peek() else { throw error("a string is not closed", at: start) }
        position += 1
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let h = peek(), let digit = Self.hexValue(h) else {
                    throw error("\\\(Character(c)) must be followed by \(count) hexadecimal digits", at: start)
                }
                value = value &* 16 &+ digit
                position += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("\(Self.codePoint(value)) is not a Unicode scalar value", at: start)
            }
            return scalar
        default:
            if c == "\n" || c == "\r" || Self.isControl(c) {
                throw error("a backslash must be followed by an escape such as \\n or \\t", at: start)
            }
            throw error("'\\\(Character(c))' is not a valid escape", at: start)
        }
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 0x30
        case "a"..."f": return c.value - 0x61 + 10
        case "A"..."F": return c.value - 0x41 + 10
        default: return nil
        }
    }

    // MARK: Dates and times

    private mutating func parseDateTime(hasDate: Bool) throws(TOMLError) -> TOMLValue {
        let start = position
        if hasDate {
            let year = try digits(4, "the year")
            try expect("-", "in a date (YYYY-MM-DD)")
            let monthStart = position
            let month = try digits(2, "the month")
            try expect("-", "in a date (YYYY-MM-DD)")
            let dayStart = position
            let day = try digits(2, "the day")
            guard (1...12).contains(month) else { throw error("the month must be from 01 to 12", at: monthStart) }
            guard day >= 1 && day <= Self.daysIn(month: month, year: year) else {
                throw error("the day is not in the month", at: dayStart)
            }
            var hasTime = false
            if peek() == "T" || peek() == "t" {
                position += 1
                hasTime = true
            } else if peek() == " " && Self.isDigit(peek(1)) && Self.isDigit(peek(2)) && peek(3) == ":" {
                position += 1
                hasTime = true
            }
            if hasTime {
                try parseTime()
                try parseOffset()
            }
        } else {
            try parseTime()
        }
        return .datetime(String(String.UnicodeScalarView(text[start..<position])))
    }

    private mutating func parseTime() throws(TOMLError) {
        let hourStart = position
        let hour = try digits(2, "the hour")
        try expect(":", "in a time (HH:MM:SS)")
        let minuteStart = position
        let minute = try digits(2, "the minutes")
        guard peek() == ":" else { throw error("a time needs seconds (HH:MM:SS)") }
        position += 1
        let secondStart = position
        let second = try digits(2, "the seconds")
        guard hour <= 23 else { throw error("the hour must be from 00 to 23", at: hourStart) }
        guard minute <= 59 else { throw error("the minutes must be from 00 to 59", at: minuteStart) }
        guard second <= 60 else { throw error("the seconds must be from 00 to 60", at: secondStart) }
        if peek() == "." {
            position += 1
            guard Self.isDigit(peek()) else { throw error("expected digits after the '.' of the seconds") }
            while Self.isDigit(peek()) { position += 1 }
        }
    }

    private mutating func parseOffset() throws(TOMLError) {
        switch peek() {
        case "Z", "z":
            position += 1
        case "+", "-":
            position += 1
            let hourStart = position
            let hour = try digits(2, "the offset's hours")
            try expect(":", "in a time offset (+HH:MM)")
            let minuteStart = position
            let minute = try digits(2, "the offset's minutes")
            guard hour <= 23 else { throw error("the offset's hours must be from 00 to 23", at: hourStart) }
            guard minute <= 59 else { throw error("the offset's minutes must be from 00 to 59", at: minuteStart) }
        default:
            break
        }
    }

    private mutating func digits(_ count: Int, _ what: String) throws(TOMLError) -> Int {
        var value = 0
        for _ in 0..<count {
            guard let c = peek(), Self.isDigit(c) else {
                throw error("expected \(count) digits for \(what), found \(Self.describe(peek()))")
            }
            value = value * 10 + Int(c.value - 0x30)
            position += 1
        }
        return value
    }

    private mutating func expect(_ c: Unicode.Scalar, _ context: String) throws(TOMLError) {
        guard peek() == c else { throw error("expected '\(Character(c))' \(context), found \(Self.describe(peek()))") }
        position += 1
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Numbers and booleans

    /// An unquoted value: true, false, inf, nan, an integer or a float.
    private mutating func parseToken() throws(TOMLError) -> TOMLValue {
        let start = position
        while let c = peek(), Self.isTokenCharacter(c) { position += 1 }
        let token = Array(text[start..<position])
        let spelled = String(String.UnicodeScalarView(token))
        if spelled == "true" { return .bool(true) }
        if spelled == "false" { return .bool(false) }

        var i = 0
        var negative = false
        var signed = false
        if let first = token.first, first == "+" || first == "-" {
            signed = true
            negative = first == "-"
            i = 1
        }
        let unsigned = String(String.UnicodeScalarView(token[i...]))
        if unsigned == "inf" { return .float(negative ? -.infinity : .infinity) }
        if unsigned == "nan" { return .float(negative ? -.nan : .nan) }

        // 0x, 0o, 0b
        if token.count >= i + 2 && token[i] == "0", let radix = Self.radix(token[i + 1]) {
            guard !signed else {
                throw error("hexadecimal, octal and binary integers cannot have a sign", at: start)
            }
            let body = token[(i + 2)...]
            guard Self.hasDigitsAndUnderscores(body, radix: radix) else {
                throw error("'\(spelled)' is not a valid \(Self.radixName(radix)) integer", at: start)
            }
            guard let value = Self.integer(body, radix: radix, negative: false) else {
                throw error("the integer '\(spelled)' does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }

        var j = i
        while j < token.count && (Self.isDigit(token[j]) || token[j] == "_") { j += 1 }
        let integerPart = token[i..<j]
        if integerPart.isEmpty {
            if j < token.count && token[j] == "." {
                throw error("a float needs a digit before the '.'", at: start)
            }
            throw error("'\(spelled)' is not a valid value (strings must be quoted)", at: start)
        }
        guard Self.hasDigitsAndUnderscores(integerPart, radix: 10) else {
            throw error("'\(spelled)' is not a valid number: an underscore must be between digits", at: start)
        }
        if integerPart.count > 1 && integerPart.first == "0" {
            throw error("a number cannot start with a leading zero", at: start)
        }
        var isFloat = false
        if j < token.count && token[j] == "." {
            isFloat = true
            j += 1
            let fractionStart = j
            while j < token.count && (Self.isDigit(token[j]) || token[j] == "_") { j += 1 }
            let fraction = token[fractionStart..<j]
            guard !fraction.isEmpty else { throw error("a float needs a digit after the '.'", at: start) }
            guard Self.hasDigitsAndUnderscores(fraction, radix: 10) else {
                throw error("'\(spelled)' is not a valid number: an underscore must be between digits", at: start)
            }
        }
        if j < token.count && (token[j] == "e" || token[j] == "E") {
            isFloat = true
            j += 1
            if j < token.count && (token[j] == "+" || token[j] == "-") { j += 1 }
            let exponentStart = j
            while j < token.count && (Self.isDigit(token[j]) || token[j] == "_") { j += 1 }
            let exponent = token[exponentStart..<j]
            guard !exponent.isEmpty, Self.hasDigitsAndUnderscores(exponent, radix: 10) else {
                throw error("'\(spelled)' is not a valid number: the exponent needs digits", at: start)
            }
        }
        guard j == token.count else {
            throw error("'\(spelled)' is not a valid value", at: start)
        }
        if isFloat {
            var cleaned = String.UnicodeScalarView()
            for c in token where c != "_" { cleaned.append(c) }
            guard let value = Double(String(cleaned)) else {
                throw error("'\(spelled)' is not a valid float", at: start)
            }
            return .float(value)
        }
        guard let value = Self.integer(integerPart, radix: 10, negative: negative) else {
            throw error("the integer '\(spelled)' does not fit in 64 bits", at: start)
        }
        return .integer(value)
    }

    private static func radix(_ c: Unicode.Scalar) -> UInt64? {
        switch c {
        case "x": return 16
        case "o": return 8
        case "b": return 2
        default: return nil
        }
    }

    private static func radixName(_ radix: UInt64) -> String {
        switch radix {
        case 16: return "hexadecimal"
        case 8: return "octal"
        default: return "binary"
        }
    }

    private static func digitValue(_ c: Unicode.Scalar, radix: UInt64) -> UInt64? {
        guard let value = hexValue(c), UInt64(value) < radix else { return nil }
        return UInt64(value)
    }

    /// Digits of the radix, at least one, each underscore between two digits.
    private static func hasDigitsAndUnderscores(_ scalars: ArraySlice<Unicode.Scalar>, radix: UInt64) -> Bool {
        guard let first = scalars.first, let last = scalars.last,
              digitValue(first, radix: radix) != nil, digitValue(last, radix: radix) != nil else { return false }
        var previousWasUnderscore = false
        for c in scalars {
            if c == "_" {
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
            } else {
                guard digitValue(c, radix: radix) != nil else { return false }
                previousWasUnderscore = false
            }
        }
        return true
    }

    /// The value of checked digits (underscores skipped), or nil when it does not fit in an Int.
    private static func integer(_ scalars: ArraySlice<Unicode.Scalar>, radix: UInt64, negative: Bool) -> Int? {
        var magnitude: UInt64 = 0
        for c in scalars {
            guard let digit = digitValue(c, radix: radix) else { continue }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return Int(Int64.min) }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            return -Int(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int(magnitude)
    }
}

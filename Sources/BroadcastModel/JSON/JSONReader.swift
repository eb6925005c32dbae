/// A strict, allocation-light JSON pull reader over UTF-8 bytes (RFC 8259).
///
/// Event decoding is the second hot path after the SSE parser, and Foundation's
/// decoders manage about 200k small objects a second here — the whole budget.
/// This reader walks the bytes once, builds no dictionaries, and hands typed
/// values to the caller, which asks for the fields it knows and skips the rest.
struct JSONReader: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    /// Nesting limit, so that hostile input cannot exhaust the stack.
    static let maxDepth = 64
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: - Structure

    /// Calls `body` once per member of an object, with the key; `body` must read
    /// or skip the value.
    mutating func readObject(_ body: (JSONKey, inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        try expect(0x7B)  // {
        try enter()
        skipWhitespace()
        if peek() == 0x7D { position += 1; depth -= 1; return }
        while true {
            skipWhitespace()
            let key = try readKey()
            skipWhitespace()
            try expect(0x3A)  // :
            skipWhitespace()
            try body(key, &self)
            skipWhitespace()
            switch peek() {
            case 0x2C: position += 1
            case 0x7D: position += 1; depth -= 1; return
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    /// Calls `body` once per element of an array; `body` must read or skip the value.
    mutating func readArray(_ body: (inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        try expect(0x5B)  // [
        try enter()
        skipWhitespace()
        if peek() == 0x5D { position += 1; depth -= 1; return }
        while true {
            skipWhitespace()
            try body(&self)
            skipWhitespace()
            switch peek() {
            case 0x2C: position += 1
            case 0x5D: position += 1; depth -= 1; return
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    /// After the top-level value: only whitespace may follow.
    mutating func finish() throws(JSONError) {
        skipWhitespace()
        if position != bytes.count { throw error("unexpected text after the JSON value") }
    }

    var kind: JSONKind {
        switch peek() {
        case 0x7B: .object
        case 0x5B: .array
        case 0x22: .string
        case 0x74, 0x66: .bool
        case 0x6E: .null
        case 0x2D, 0x30...0x39: .number
        default: .invalid
        }
    }

    /// Consumes `null` if it is next.
    mutating func readNullIfPresent() throws(JSONError) -> Bool {
        guard peek() == 0x6E else { return false }
        try literal("null")
        return true
    }

    mutating func skipValue() throws(JSONError) {
        switch kind {
        case .object: try readObject { _, reader throws(JSONError) in try reader.skipValue() }
        case .array: try readArray { reader throws(JSONError) in try reader.skipValue() }
        case .string: try skipString()
        case .bool: _ = try readBool()
        case .null: try literal("null")
        case .number: _ = try numberToken()
        case .invalid: throw error(position < bytes.count ? "unexpected character" : "unexpected end of JSON")
        }
    }

    // MARK: - Scalars

    mutating func readBool() throws(JSONError) -> Bool {
        switch peek() {
        case 0x74: try literal("true"); return true
        case 0x66: try literal("false"); return false
        default: throw error("expected true or false")
        }
    }

    /// A number that must be integral (`5`, `5.0` and `5e0` all give 5).
    mutating func readInt() throws(JSONError) -> Int {
        let token = try numberToken()
        if token.isInteger, token.text.count <= 18 {
            var value = 0
            var negative = false
            for byte in token.text {
                if byte == 0x2D { negative = true } else { value = value * 10 + Int(byte - 0x30) }
            }
            return negative ? -value : value
        }
        guard let double = Double(String(decoding: token.text, as: UTF8.self)),
              double.rounded() == double, abs(double) < 9.0e15
        else { throw error("expected a whole number") }
        return Int(double)
    }

    mutating func readDouble() throws(JSONError) -> Double {
        let token = try numberToken()
        guard let double = Double(String(decoding: token.text, as: UTF8.self)), double.isFinite
        else { throw error("number out of range") }
        return double
    }

    mutating func readString() throws(JSONError) -> String {
        try expect(0x22)
        let start = position
        let end = scanStringRun(from: start)
        if end < bytes.count, bytes[end] == 0x22 {
            position = end + 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        // Escapes or an error: take the careful path from the start of the string.
        var scalars = String.UnicodeScalarView()
        var runStart = start
        position = end
        while true {
            guard position < bytes.count else { throw error("unterminated string") }
            let byte = bytes[position]
            if byte == 0x22 {
                appendRun(&scalars, runStart, position)
                position += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte == 0x5C {
                appendRun(&scalars, runStart, position)
                position += 1
                scalars.append(try readEscape())
                runStart = position
                continue
            }
            position = scanStringRun(from: position + 1)
        }
    }

    // MARK: - Internals

    private func peek() -> UInt8 {
        position < bytes.count ? bytes[position] : 0
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nested more than \(Self.maxDepth) levels deep") }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONError) {
        guard peek() == byte else {
            throw error(position < bytes.count
                ? "expected '\(Character(Unicode.Scalar(byte)))'" : "unexpected end of JSON")
        }
        position += 1
    }

    private mutating func literal(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              sameBytes(bytes.baseAddress! + position, word.utf8Start, count)
        else { throw error("invalid literal") }
        position += count
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func readKey() throws(JSONError) -> JSONKey {
        guard peek() == 0x22 else { throw error("expected a string key") }
        let start = position + 1
        let end = scanStringRun(from: start)
        if end < bytes.count, bytes[end] == 0x22 {
            position = end + 1
            return JSONKey(raw: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
        return JSONKey(decoded: try readString())
    }

    private mutating func skipString() throws(JSONError) {
        _ = try readString()
    }

    /// The index of the first `"`, `\` or control character at or after `from`
    /// (eight bytes at a time: base64 audio strings are hundreds of KB).
    private func scanStringRun(from: Int) -> Int {
        var index = from
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while index + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if Self.hasSpecialByte(word) { break }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return index }
            index += 1
        }
        return index
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    private static func hasZeroByte(_ x: UInt64) -> Bool {
        (x &- ones) & ~x & highs != 0
    }

    private static func hasSpecialByte(_ word: UInt64) -> Bool {
        hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
            || (word &- ones &* 0x20) & ~word & highs != 0
    }

    private func appendRun(_ scalars: inout String.UnicodeScalarView, _ start: Int, _ end: Int) {
        guard end > start else { return }
        scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).unicodeScalars)
    }

    private mutating func readEscape() throws(JSONError) -> Unicode.Scalar {
        guard position < bytes.count else { throw error("unterminated escape") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case 0x22: return "\""
        case 0x5C: return "\\"
        case 0x2F: return "/"
        case 0x62: return "\u{08}"
        case 0x66: return "\u{0C}"
        case 0x6E: return "\n"
        case 0x72: return "\r"
        case 0x74: return "\t"
        case 0x75:
            let unit = try readHex4()
            if UTF16.isLeadSurrogate(unit) {
                // A pair written as two escapes; a lone half becomes U+FFFD.
                if position + 6 <= bytes.count, bytes[position] == 0x5C, bytes[position + 1] == 0x75 {
                    let saved = position
                    position += 2
                    let low = try readHex4()
                    if UTF16.isTrailSurrogate(low) {
                        let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        return Unicode.Scalar(value) ?? "\u{FFFD}"
                    }
                    position = saved
                }
                return "\u{FFFD}"
            }
            return Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}"
        default:
            throw error("invalid escape")
        }
    }

    private mutating func readHex4() throws(JSONError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw error("unterminated \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private struct NumberToken {
        var text: UnsafeBufferPointer<UInt8>
        var isInteger: Bool
    }

    /// Validates the JSON number grammar and returns its text.
    private mutating func numberToken() throws(JSONError) -> NumberToken {
        let start = position
        var isInteger = true
        if peek() == 0x2D { position += 1 }
        switch peek() {
        case 0x30: position += 1
        case 0x31...0x39: skipDigits()
        default: throw error("invalid number")
        }
        if peek() == 0x2E {
            isInteger = false
            position += 1
            guard (0x30...0x39).contains(peek()) else { throw error("invalid number") }
            skipDigits()
        }
        if peek() == 0x65 || peek() == 0x45 {
            isInteger = false
            position += 1
            if peek() == 0x2B || peek() == 0x2D { position += 1 }
            guard (0x30...0x39).contains(peek()) else { throw error("invalid number") }
            skipDigits()
        }
        return NumberToken(text: UnsafeBufferPointer(rebasing: bytes[start..<position]), isInteger: isInteger)
    }

    private mutating func skipDigits() {
        while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
    }

    func error(_ message: String) -> JSONError {
        JSONError(message: position < bytes.count ? message : "unexpected end of JSON", offset: position)
    }
}

enum JSONKind { case object, array, string, bool, null, number, invalid }

/// A malformed document, with the byte offset where reading stopped.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

/// An object key: the raw bytes when the key has no escapes (the usual case),
/// compared without building a String.
struct JSONKey {
    private let raw: UnsafeBufferPointer<UInt8>?
    private let decoded: String?

    init(raw: UnsafeBufferPointer<UInt8>) { self.raw = raw; self.decoded = nil }
    init(decoded: String) { self.raw = nil; self.decoded = decoded }

    static func == (key: JSONKey, name: StaticString) -> Bool {
        if let raw = key.raw {
            return raw.count == name.utf8CodeUnitCount
                && (raw.isEmpty || sameBytes(raw.baseAddress!, name.utf8Start, raw.count))
        }
        return key.decoded! == name.description
    }

    func matches(_ name: StaticString) -> Bool { self == name }

    var string: String {
        if let raw { return String(decoding: raw, as: UTF8.self) }
        return decoded!
    }
}

/// Whether `count` bytes at `a` and `b` are the same (keys and literals are a few bytes long).
@inline(__always)
func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}

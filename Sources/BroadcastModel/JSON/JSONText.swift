/// Writing JSON by hand: fixed key order, and escapes that keep every control
/// character (C0, DEL, C1, bidi controls) out of the output bytes.
public enum JSONText {
    /// `s` as a JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u" + hex4(scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// A JSON object from already-encoded values, in the given order.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    public static func optional(_ s: String?) -> String {
        s.map(quote) ?? "null"
    }

    /// An object of strings with keys sorted, for stable output.
    public static func map(_ dictionary: [String: String]) -> String {
        object(dictionary.keys.sorted().map { ($0, quote(dictionary[$0]!)) })
    }

    public static func array(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ",") + "]"
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension SSEEvent {
    /// The `vas-view events` line: `{"type":T,"data":D,"id":I}`.
    public var jsonLine: String {
        JSONText.object([("type", JSONText.quote(type)), ("data", JSONText.quote(data)), ("id", JSONText.quote(lastEventID))])
    }
}

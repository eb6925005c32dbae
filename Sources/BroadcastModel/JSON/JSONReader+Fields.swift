/// Typed field readers: `null` means absent; any other wrong type is an error
/// that names the field.
extension JSONReader {
    /// A string field of remote text, sanitised for the terminal.
    mutating func optionalText(_ field: String) throws(JSONError) -> String? {
        try optionalRawString(field).map(TextSanitizer.clean)
    }

    /// A string field kept exactly as sent (base64 audio).
    mutating func optionalRawString(_ field: String) throws(JSONError) -> String? {
        if try readNullIfPresent() { return nil }
        guard kind == .string else { throw wrongType(field, "a string") }
        return try readString()
    }

    mutating func optionalInt(_ field: String) throws(JSONError) -> Int? {
        if try readNullIfPresent() { return nil }
        guard kind == .number else { throw wrongType(field, "a number") }
        return try readInt()
    }

    /// A number where a fraction makes no difference worth an error (milliseconds).
    mutating func optionalRoundedInt(_ field: String) throws(JSONError) -> Int? {
        if try readNullIfPresent() { return nil }
        guard kind == .number else { throw wrongType(field, "a number") }
        return try readRoundedInt()
    }

    mutating func readRoundedInt() throws(JSONError) -> Int {
        let value = try readDouble().rounded()
        return Int(max(min(value, 9.0e15), -9.0e15))
    }

    mutating func optionalBool(_ field: String) throws(JSONError) -> Bool? {
        if try readNullIfPresent() { return nil }
        guard kind == .bool else { throw wrongType(field, "true or false") }
        return try readBool()
    }

    mutating func textArray(_ field: String) throws(JSONError) -> [String]? {
        if try readNullIfPresent() { return nil }
        guard kind == .array else { throw wrongType(field, "an array of strings") }
        var result: [String] = []
        try readArray { r throws(JSONError) in
            guard r.kind == .string else { throw r.wrongType(field, "an array of strings") }
            result.append(TextSanitizer.clean(try r.readString()))
        }
        return result
    }

    mutating func intArray(_ field: String) throws(JSONError) -> [Int]? {
        if try readNullIfPresent() { return nil }
        guard kind == .array else { throw wrongType(field, "an array of numbers") }
        var result: [Int] = []
        try readArray { r throws(JSONError) in
            guard r.kind == .number else { throw r.wrongType(field, "an array of numbers") }
            result.append(try r.readInt())
        }
        return result
    }

    /// An object of strings (translations by language); entries that are not strings are left out.
    mutating func textMap(_ field: String) throws(JSONError) -> [String: String] {
        if try readNullIfPresent() { return [:] }
        guard kind == .object else { throw wrongType(field, "an object") }
        var result: [String: String] = [:]
        try readObject { key, r throws(JSONError) in
            if r.kind == .string {
                result[TextSanitizer.clean(key.string)] = TextSanitizer.clean(try r.readString())
            } else {
                try r.skipValue()
            }
        }
        return result
    }

    /// Any object, one level deep, with scalar values as text (error `details`).
    mutating func flatMap() throws(JSONError) -> [String: String] {
        guard kind == .object else { try skipValue(); return [:] }
        var result: [String: String] = [:]
        try readObject { key, r throws(JSONError) in
            let name = TextSanitizer.clean(key.string)
            switch r.kind {
            case .string: result[name] = TextSanitizer.clean(try r.readString())
            case .number: result[name] = Self.format(try r.readDouble())
            case .bool: result[name] = try r.readBool() ? "true" : "false"
            default: try r.skipValue()
            }
        }
        return result
    }

    private static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    func wrongType(_ field: String, _ expected: String) -> JSONError {
        JSONError(message: "field '\(field)': expected \(expected)", offset: position)
    }
}

/// `GET /api/v1/viewer/broadcasts/{token}`: what the broadcast is, before streaming.
public struct BroadcastInfo: Equatable, Sendable {
    public var id: String?
    public var name: String?
    public var accessType: String?
    public var requiresPassword = false
    public var status: String?
    public var isLive: Bool?
    public var transcriptionLanguage: String?
    public var translationLanguages: [String] = []
    /// Languages with speech (`[]`: none); nil when the details do not say.
    public var ttsLanguages: [String]?

    public init(name: String? = nil, requiresPassword: Bool = false, translationLanguages: [String] = [],
                ttsLanguages: [String]? = nil) {
        self.name = name
        self.requiresPassword = requiresPassword
        self.translationLanguages = translationLanguages
        self.ttsLanguages = ttsLanguages
    }

    /// Reads the object, wrapped in `data` or not; unknown fields ignored, missing ones allowed.
    public static func decode(_ body: [UInt8]) throws(JSONError) -> BroadcastInfo {
        try body.withUnsafeBufferPointer { bytes throws(JSONError) in
            var reader = JSONReader(bytes)
            reader.skipWhitespace()
            var info = BroadcastInfo()
            var wrapped: BroadcastInfo?
            try reader.readObject { key, r throws(JSONError) in
                if key == "data", r.kind == .object {
                    var inner = BroadcastInfo()
                    try r.readObject { key, r throws(JSONError) in try inner.read(key, &r) }
                    wrapped = inner
                } else {
                    try info.read(key, &r)
                }
            }
            try reader.finish()
            return wrapped ?? info
        }
    }

    private mutating func read(_ key: JSONKey, _ r: inout JSONReader) throws(JSONError) {
        if key == "id" { id = try r.optionalText("id") }
        else if key == "name" { name = try r.optionalText("name") }
        else if key == "access_type" { accessType = try r.optionalText("access_type") }
        else if key == "requires_password" { requiresPassword = try r.optionalBool("requires_password") ?? false }
        else if key == "status" { status = try r.optionalText("status") }
        else if key == "is_live" { isLive = try r.optionalBool("is_live") }
        else if key == "transcription_language" { transcriptionLanguage = try r.optionalText("transcription_language") }
        else if key == "translation_languages" { translationLanguages = try r.textArray("translation_languages") ?? [] }
        else if key == "tts_languages" { ttsLanguages = try r.textArray("tts_languages") }
        else { try r.skipValue() }
    }
}

/// The error envelope of a REST or stream refusal: `error_code` and `message`
/// at the top level, or under `error` or `data` (all three are accepted).
public struct APIErrorBody: Equatable, Sendable {
    public var code: String?
    public var message: String?

    public init(code: String? = nil, message: String? = nil) {
        self.code = code
        self.message = message
    }

    /// Never fails: a body that is not such JSON gives an empty value.
    public static func decode(_ body: [UInt8]) -> APIErrorBody {
        let result: APIErrorBody? = body.withUnsafeBufferPointer { bytes in
            var reader = JSONReader(bytes)
            reader.skipWhitespace()
            var found = APIErrorBody()
            do throws(JSONError) {
                try reader.readObject { key, r throws(JSONError) in try found.read(key, &r, depth: 0) }
            } catch {
                return nil
            }
            return found
        }
        return result ?? APIErrorBody()
    }

    private mutating func read(_ key: JSONKey, _ r: inout JSONReader, depth: Int) throws(JSONError) {
        let isCode = key.matches("error_code") || key.matches("code")
        let isWrapper = key.matches("error") || key.matches("data")
        if isCode, r.kind == .string {
            let value = TextSanitizer.clean(try r.readString())
            if code == nil { code = value }
        } else if key.matches("message"), r.kind == .string {
            let value = TextSanitizer.clean(try r.readString())
            if message == nil { message = value }
        } else if depth == 0, isWrapper, r.kind == .object {
            try r.readObject { key, r throws(JSONError) in try read(key, &r, depth: 1) }
        } else {
            try r.skipValue()
        }
    }
}

/// A password check that succeeded: the token for the stream URL. Secret.
public struct AccessGrant: Equatable, Sendable {
    public var token: String
    public var expiresIn: Int?

    public static func decode(_ body: [UInt8]) -> AccessGrant? {
        body.withUnsafeBufferPointer { bytes in
            var reader = JSONReader(bytes)
            reader.skipWhitespace()
            var token: String?
            var expires: Int?
            func read(_ key: JSONKey, _ r: inout JSONReader, depth: Int) throws(JSONError) {
                if key == "viewer_access_token", r.kind == .string { token = try r.readString() }
                else if key == "expires_in", r.kind == .number { expires = try r.readRoundedInt() }
                else if depth == 0, key == "data", r.kind == .object {
                    try r.readObject { key, r throws(JSONError) in try read(key, &r, depth: 1) }
                } else { try r.skipValue() }
            }
            do throws(JSONError) {
                try reader.readObject { key, r throws(JSONError) in try read(key, &r, depth: 0) }
            } catch {
                return nil
            }
            guard let token, !token.isEmpty else { return nil }
            return AccessGrant(token: token, expiresIn: expires)
        }
    }
}

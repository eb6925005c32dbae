/// The URLs of one broadcast on one server. Query values are percent-encoded;
/// `redacted` hides the access token wherever a URL is shown or logged.
public struct Endpoints: Sendable, Equatable {
    public let server: String
    public let token: String
    public var verifyPath: String
    public var verifyBody: VASAssumptions.VerifyBody

    /// - Throws: `SessionError.badServer` when `server` is not an http(s) URL.
    public init(server: String, token: String, verifyPath: String = VASAssumptions.defaultVerifyPath,
                verifyBody: VASAssumptions.VerifyBody = .password) throws {
        var base = server.trimmingCharacters(in: " \t")
        while base.hasSuffix("/") { base.removeLast() }
        let lower = base.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), base.count > 8,
              !base.contains(where: { $0 == " " || $0 == "?" || $0 == "#" })
        else { throw SessionError.badServer(server) }
        self.server = base
        self.token = token
        self.verifyPath = verifyPath
        self.verifyBody = verifyBody
    }

    public var info: String { server + VASAssumptions.infoPathPrefix + token }

    public var verify: String { server + verifyPath.replacing("{token}", with: token) }

    /// The stream URL. `language` nil subscribes to every language.
    public func stream(language: String?, tts: Bool, accessToken: String?) -> String {
        var query: [(String, String)] = []
        if let language { query.append(("lang", language)) }
        if tts { query.append(("tts", "true")) }
        if let accessToken { query.append(("viewer_access_token", accessToken)) }
        let base = server + VASAssumptions.streamPathPrefix + token + VASAssumptions.streamPathSuffix
        guard !query.isEmpty else { return base }
        return base + "?" + query.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&")
    }

    /// RFC 3986: everything but unreserved characters is encoded.
    public static func percentEncode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `url` with the value of `viewer_access_token` replaced, for anything a person or a log sees.
    public static func redacted(_ url: String) -> String {
        guard let range = url.firstRange(of: "viewer_access_token=") else { return url }
        let end = url[range.upperBound...].firstIndex(where: { $0 == "&" || $0 == "#" }) ?? url.endIndex
        var out = url
        out.replaceSubrange(range.upperBound..<end, with: "REDACTED")
        return out
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }

    /// Without white space (line ends included) at either end, as Unicode defines it.
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

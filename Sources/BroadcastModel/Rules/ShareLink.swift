/// A broadcast's share link, what people are sent: `https://HOST/broadcast/TOKEN`, or the stream's
/// own address `…/broadcast/TOKEN/text?lang=en-US&tts=true`. It gives the server, the token and,
/// where present, the language and speech. A server under a path (`https://HOST/vas/broadcast/a3f9`)
/// keeps that path: the server is everything before `/broadcast/`.
public struct ShareLink: Equatable, Sendable {
    public var server: String
    public var token: String
    public var language: String?
    public var tts: Bool?

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not an http(s) address at all.
        case notAnAddress
        /// An address, but not of a broadcast (no `/broadcast/TOKEN` in its path).
        case noBroadcast
        /// `/broadcast/X` where X is not a token.
        case badToken(String)

        public var description: String {
            switch self {
            case .notAnAddress: "is not a broadcast token or a share link"
            case .noBroadcast: "is not a share link: a link to a broadcast looks like https://HOST/broadcast/a3f9"
            case .badToken(let token): "is a link to '\(token)', which is not a broadcast token (four characters, a-z and 0-9)"
            }
        }
    }

    /// An argument that looks like an address rather than a token (it names a scheme).
    public static func looksLikeLink(_ argument: String) -> Bool {
        argument.contains("://")
    }

    public static func parse(_ argument: String) -> Result<ShareLink, Problem> {
        guard let address = WebAddress(argument) else { return .failure(.notAnAddress) }
        let parts = address.path.split(separator: "/", omittingEmptySubsequences: true)
        guard let index = parts.lastIndex(of: "broadcast"), index + 1 < parts.count else { return .failure(.noBroadcast) }
        let rest = parts[(index + 1)...]
        // `/broadcast/TOKEN`, `/broadcast/TOKEN/` and the stream's `/broadcast/TOKEN/text`.
        guard rest.count == 1 || (rest.count == 2 && rest.last == "text") else { return .failure(.noBroadcast) }
        let token = String(rest.first!)
        guard VASAssumptions.isValidToken(token) else { return .failure(.badToken(TextSanitizer.clean(token))) }
        let prefix = parts[..<index].map { "/" + $0 }.joined()
        var link = ShareLink(server: address.origin + prefix, token: token)
        for pair in (address.query ?? "").split(separator: "&") {
            let (name, value) = pair.firstIndex(of: "=").map { (pair[..<$0], String(pair[pair.index(after: $0)...])) } ?? (pair, "")
            let decoded = TextSanitizer.clean(percentDecode(value))
            switch name {
            case "lang" where !decoded.isEmpty: link.language = decoded
            case "tts": link.tts = ["true", "1", "yes", "on"].contains(decoded.lowercased())
            default: break  // viewer_access_token and the rest are not taken from a link
            }
        }
        return .success(link)
    }

    /// `%XX` decoded and `+` as a space (a query); invalid sequences are kept as written.
    static func percentDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? 0x20 : byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

import Foundation

/// HS256 JSON Web Tokens for the notification service (seed 002): header, signature and `exp`
/// checked. A token without `exp` is refused: seed 002 is silent, and a token that never expires
/// is a password that cannot be taken back (docs/api-assumptions.md).
public struct JWTCheck: Sendable {
    public let secret: String

    public init(secret: String) {
        self.secret = secret
    }

    public enum Failure: Error, Sendable {
        case malformed, wrongAlgorithm, badSignature, expired, noExpiry, badExpiry

        /// Why, in the words of the `unauthorized` error.
        public var reason: String {
            switch self {
            case .malformed: "the token is not a JWT (three base64url parts, JSON header and payload)"
            case .wrongAlgorithm: "the token is not signed with HS256"
            case .badSignature: "the token's signature does not match this server's secret"
            case .expired: "the token has expired (its exp is past)"
            case .noExpiry: "the token has no exp: tokens that never expire are refused"
            case .badExpiry: "the token's exp is not a number (seconds since 1970)"
            }
        }
    }

    /// What a connection needs, said with every refusal.
    public static let requirement = "A valid token (JWT, HS256, signed with the server's secret, with an exp not yet past) is required: /ws/notifications?token=…"

    public func verify(_ token: String, now: Date = Date()) throws(Failure) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Self.base64URL(parts[0]), let payloadData = Self.base64URL(parts[1]),
              let signature = Self.base64URL(parts[2]),
              let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any],
              let payload = (try? JSONSerialization.jsonObject(with: payloadData)) as? [String: Any] else { throw .malformed }
        guard header["alg"] as? String == "HS256" else { throw .wrongAlgorithm }
        let signed = Data("\(parts[0]).\(parts[1])".utf8)
        let expected = SHA256.hmac(key: Array(secret.utf8), Array(signed))
        // Compared in constant time: every byte, whatever the first difference.
        guard signature.count == expected.count, zip(signature, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw .badSignature
        }
        guard let claim = payload["exp"] else { throw .noExpiry }
        guard let expiry = (claim as? NSNumber)?.doubleValue, !(claim is Bool) else { throw .badExpiry }
        if expiry < now.timeIntervalSince1970 { throw .expired }
    }

    /// A token for `subject` signed with the secret (`vas-sim` prints one for development).
    public func sign(subject: String, expiresIn seconds: Double) -> String {
        let header = Self.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let expiry = Int(Date().timeIntervalSince1970 + seconds)
        let payload = Self.base64URL(Data(#"{"sub":"\#(subject)","exp":\#(expiry)}"#.utf8))
        let code = SHA256.hmac(key: Array(secret.utf8), Array("\(header).\(payload)".utf8))
        return "\(header).\(payload).\(Self.base64URL(Data(code)))"
    }

    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func base64URL(_ text: Substring) -> Data? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        return Data(base64Encoded: base)
    }
}

/// JSON text both ways, keys sorted (what vas-sim and its clients send).
public enum Wire {
    public static func text(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    public static func parse(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
}

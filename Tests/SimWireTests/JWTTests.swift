import Foundation
import Testing
import SimWire

/// HS256 tokens: signed here and checked, tokens signed elsewhere (jwt.io's example, and ones
/// made with Python's hmac) checked, every refusal, and `exp`.
@Suite struct JWTTests {
    let check = JWTCheck(secret: "s3cret")

    /// `{"sub":"listener","exp":1700000000}`, signed with "s3cret" by Python.
    let expiring = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsaXN0ZW5lciIsImV4cCI6MTcwMDAwMDAwMH0.ODwjlrEWAMSYmi4in9RCXOdFJSNOTDR0tq_v-jneS3w"
    /// `{"sub":"listener"}`, no `exp`, signed with "s3cret" by Python.
    let lasting = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsaXN0ZW5lciJ9.6miFhspX9TMjEPyw4KTdE6nmo76A7XaOdlMICMSN9TQ"

    func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// jwt.io's example: its signature checks out (it is then refused only for having no `exp`).
    @Test func jwtIOsExampleIsSignedRight() throws {
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        #expect(throws: JWTCheck.Failure.noExpiry) { try JWTCheck(secret: "your-256-bit-secret").verify(token) }
        #expect(throws: JWTCheck.Failure.badSignature) { try JWTCheck(secret: "your-256-bit-secreT").verify(token) }
    }

    @Test func aTokenSignedHereIsAcceptedWithItsSecretOnly() throws {
        let token = check.sign(subject: "vas-host listen", expiresIn: 3600)
        try check.verify(token)
        #expect(throws: JWTCheck.Failure.badSignature) { try JWTCheck(secret: "s3cre").verify(token) }
        #expect(throws: JWTCheck.Failure.badSignature) { try JWTCheck(secret: "").verify(token) }
    }

    @Test func aSignedTokenSaysWhatItShould() throws {
        let before = Date().timeIntervalSince1970
        let parts = check.sign(subject: "listener", expiresIn: 600).split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
        let header = try #require(JWTCheck.base64URL(parts[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"HS256","typ":"JWT"}"#)
        let payload = try #require(JWTCheck.base64URL(parts[1]))
        let claims = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        #expect(claims["sub"] as? String == "listener")
        let expiry = try #require((claims["exp"] as? NSNumber)?.doubleValue)
        #expect(expiry >= (before + 600).rounded(.down) && expiry <= Date().timeIntervalSince1970 + 600)
        #expect(try #require(JWTCheck.base64URL(parts[2])).count == 32)
    }

    @Test func expiryIsCheckedAgainstNow() throws {
        try check.verify(expiring, now: at(1_699_999_999))
        try check.verify(expiring, now: at(1_700_000_000))  // expired only after its second
        #expect(throws: JWTCheck.Failure.expired) { try check.verify(expiring, now: at(1_700_000_000.5)) }
        #expect(throws: JWTCheck.Failure.expired) { try check.verify(expiring) }
        // Without exp, a token is refused, whenever it is shown (docs/api-assumptions.md).
        #expect(throws: JWTCheck.Failure.noExpiry) { try check.verify(lasting, now: at(1_600_000_000)) }
        #expect(throws: JWTCheck.Failure.noExpiry) { try check.verify(lasting) }
        // An exp that is not a number is not "no exp": said as what it is.
        let header = JWTCheck.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = JWTCheck.base64URL(Data(#"{"sub":"x","exp":"tomorrow"}"#.utf8))
        let signature = JWTCheck.base64URL(Data(SHA256.hmac(key: Array("s3cret".utf8), Array("\(header).\(payload)".utf8))))
        #expect(throws: JWTCheck.Failure.badExpiry) { try check.verify("\(header).\(payload).\(signature)") }
        // The signature is checked first: a forged expired token is a bad signature.
        #expect(throws: JWTCheck.Failure.badSignature) { try JWTCheck(secret: "other").verify(expiring, now: at(1_800_000_000)) }
    }

    @Test func aTokenSignedHereExpiresWhenItSays() throws {
        let now = Date()
        let token = check.sign(subject: "x", expiresIn: 60)
        try check.verify(token, now: now)
        #expect(throws: JWTCheck.Failure.expired) { try check.verify(token, now: now.addingTimeInterval(120)) }
        #expect(throws: JWTCheck.Failure.expired) { try check.verify(check.sign(subject: "x", expiresIn: -60)) }
    }

    @Test func aChangedPayloadIsRefused() {
        let parts = lasting.split(separator: ".").map(String.init)
        let forged = JWTCheck.base64URL(Data(#"{"sub":"mallory"}"#.utf8))
        #expect(throws: JWTCheck.Failure.badSignature) { try check.verify([parts[0], forged, parts[2]].joined(separator: ".")) }
        // The expired token with a later exp, the signature kept.
        let later = expiring.split(separator: ".").map(String.init)
        let extended = JWTCheck.base64URL(Data(#"{"sub":"listener","exp":1900000000}"#.utf8))
        #expect(throws: JWTCheck.Failure.badSignature) {
            try check.verify([later[0], extended, later[2]].joined(separator: "."), now: at(1_800_000_000))
        }
    }

    @Test func aChangedSignatureIsRefused() {
        let parts = lasting.split(separator: ".").map(String.init)
        let signature = parts[2]
        // The first character changed (the last one's low bits are padding, and may not count).
        let flipped = (signature.first == "A" ? "B" : "A") + signature.dropFirst()
        let wrong = [
            flipped,
            String(signature.dropLast(3)),  // two bytes short
            signature + "AAAA",             // three bytes long
            "",                             // none
            JWTCheck.base64URL(Data(SHA256.hmac(key: Array("other".utf8), Array("\(parts[0]).\(parts[1])".utf8)))),
        ]
        for signature in wrong {
            #expect(throws: JWTCheck.Failure.badSignature, "signature '\(signature)'") {
                try check.verify("\(parts[0]).\(parts[1]).\(signature)")
            }
        }
    }

    @Test func onlyHS256IsTaken() {
        // Signed correctly, but HS512 in its header (Python).
        let hs512 = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsaXN0ZW5lciJ9.aPENVGSX8a7f_76WD5zP4mcSPcL4XVgwtMxYsUUQUyY"
        #expect(throws: JWTCheck.Failure.wrongAlgorithm) { try check.verify(hs512) }
        let payload = JWTCheck.base64URL(Data("{}".utf8))
        for header in [#"{"alg":"none"}"#, #"{"typ":"JWT"}"#, #"{"alg":"hs256"}"#, #"{"alg":256}"#] {
            #expect(throws: JWTCheck.Failure.wrongAlgorithm, "header \(header)") {
                try check.verify(JWTCheck.base64URL(Data(header.utf8)) + "." + payload + ".")
            }
        }
    }

    @Test func aMalformedTokenIsSaidSo() {
        let parts = lasting.split(separator: ".").map(String.init)
        // A payload that is JSON but not an object, signed correctly (Python).
        let array = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.WyJsaXN0ZW5lciJd.AuG740AG9lLCpxOrTSE8k0se_60-X-hz_tgIDCoyxSw"
        let malformed = [
            "", "..", "not.a.jwt", "\(parts[0]).\(parts[1])", lasting + ".", "\(parts[0]).\(parts[1]).\(parts[2]).\(parts[2])",
            "!!!!.\(parts[1]).\(parts[2])", "\(parts[0]).e30!.\(parts[2])", "\(parts[0]).\(parts[1]).!!!!",
            JWTCheck.base64URL(Data("not json".utf8)) + ".\(parts[1]).\(parts[2])", array,
        ]
        for token in malformed {
            #expect(throws: JWTCheck.Failure.malformed, "token '\(token)'") { try check.verify(token) }
        }
    }

    @Test func base64URLBothWays() throws {
        #expect(JWTCheck.base64URL(Data([0xfb, 0xff])) == "-_8")
        #expect(JWTCheck.base64URL(Data([0xfb, 0xef, 0xbe])) == "----")
        #expect(JWTCheck.base64URL(Data([0xff, 0xfe, 0xfd, 0xfc])) == "__79_A")
        #expect(JWTCheck.base64URL(Data()) == "")
        #expect(JWTCheck.base64URL("-_8"[...]) == Data([0xfb, 0xff]))
        #expect(JWTCheck.base64URL("__79_A"[...]) == Data([0xff, 0xfe, 0xfd, 0xfc]))
        #expect(JWTCheck.base64URL("e30"[...]) == Data("{}".utf8))
        #expect(JWTCheck.base64URL(""[...]) == Data())
        #expect(JWTCheck.base64URL("a!b"[...]) == nil)
        #expect(JWTCheck.base64URL("+/8"[...]) == Data([0xfb, 0xff]))  // the standard alphabet is read too
        for length in 0..<70 {
            let bytes = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) })
            #expect(JWTCheck.base64URL(JWTCheck.base64URL(bytes)[...]) == bytes)
        }
    }
}

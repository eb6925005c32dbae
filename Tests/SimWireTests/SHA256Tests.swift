import Testing
import SimWire

/// Lowercase hexadecimal, as the standards print their digests.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }.joined()
}

/// Our own SHA-256 and HMAC-SHA256 against vectors computed elsewhere: FIPS 180-2's and
/// RFC 4231's, and (for the padding edges) Python's hashlib and coreutils' sha256sum.
@Suite struct SHA256Tests {
    @Test func theFIPSVectors() {
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // 448 bits: the padding takes a second block.
        #expect(hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // 896 bits: two blocks of message, and one of padding.
        #expect(hex(SHA256.hash(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func aMillionAs() {
        #expect(hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// 55 bytes: the 0x80 and the length just fit in one block; 56: they do not, a second block
    /// follows; 63, 64, 65: a message of a block and around; 119, 120: the same edges a block on.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    ])
    func thePaddingEdges(length: Int, digest: String) {
        #expect(hex(SHA256.hash([UInt8](repeating: 0x61, count: length))) == digest)
    }

    @Test func aDigestIsThirtyTwoBytesAndTheInputIsLeftAlone() {
        let message = Array("abc".utf8)
        let digest = SHA256.hash(message)
        #expect(digest.count == 32)
        #expect(message == Array("abc".utf8))
        #expect(SHA256.hash(message) == digest)
        #expect(SHA256.hash(Array("abd".utf8)) != digest)
    }

    /// RFC 4231, test cases 1 to 7 (case 5 compares the first 128 bits, as the RFC does).
    @Test func theRFC4231Vectors() {
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(SHA256.hmac(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50)))
                == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
        #expect(hex(SHA256.hmac(key: Array(1...25), [UInt8](repeating: 0xcd, count: 50)))
                == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
        #expect(hex(Array(SHA256.hmac(key: [UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8)).prefix(16)))
                == "a3b6167473100ee06e0c796c2955552b")
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        let long = "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 131), Array(long.utf8)))
                == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    /// A key of a whole block (64 bytes) is used as it is; one byte more and it is hashed first
    /// (Python's hmac module).
    @Test(arguments: [
        (63, "ac14c28089a16fbb10c53caf1ec03ddf477041407b5eacc3f0478749c34e3dff"),
        (64, "d62ad25bb128e96ab6ef43464aaf2bb91b5b85f013381e9ba6be747e8d0911b2"),
        (65, "c65585780e821bd312cfaa440c33cb28d6af6b323d4977ae83934834ce589e38"),
    ])
    func keysAroundTheBlockSize(length: Int, mac: String) {
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0x6b, count: length), Array("msg".utf8))) == mac)
    }
}

/// Makes remote text safe for a terminal, once, where it is decoded — so the
/// screen, plain output, logs and exports all get the same clean text.
///
/// Removed: C0 controls, DEL, C1 controls, whole escape sequences (CSI, OSC,
/// DCS, SOS, PM, APC — 7-bit and 8-bit forms), and the bidi embedding,
/// override and isolate controls. Line breaks and tabs become spaces.
public enum TextSanitizer {
    public static func clean(_ text: String) -> String {
        guard needsCleaning(text.utf8) else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            switch scalar.value {
            case 0x0D:
                // CR LF is one line break: one space.
                result.append(" ")
                if let next = scalars.next(), next != "\n" { pending = next }
            case 0x0A, 0x09, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                result.append(" ")
            case 0x1B:
                pending = skipEscape(&scalars)
            case 0x9B:
                pending = skipControlSequence(&scalars)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                pending = skipString(&scalars)
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                break
            case 0x202A...0x202E, 0x2066...0x2069:
                break
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Fast check on UTF-8 bytes: almost all text needs nothing done.
    static func needsCleaning(_ utf8: String.UTF8View) -> Bool {
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte < 0x20 || byte == 0x7F { return true }
            if byte == 0xC2 {
                // C1 controls are U+0080...U+009F: C2 80 ... C2 9F
                if let next = iterator.next(), next < 0xA0 { return true }
            } else if byte == 0xE2 {
                // U+2028/2029 and U+202A...202E: E2 80 A8...AE; U+2066...2069: E2 81 A6...A9
                guard let second = iterator.next() else { return false }
                guard let third = iterator.next() else { return false }
                if second == 0x80, (0xA8...0xAE).contains(third) { return true }
                if second == 0x81, (0xA6...0xA9).contains(third) { return true }
            }
        }
        return false
    }

    /// After ESC: drop the whole sequence. Returns a scalar read too far, if any.
    private static func skipEscape(_ scalars: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        guard let next = scalars.next() else { return nil }
        switch next {
        case "[": return skipControlSequence(&scalars)
        case "]", "P", "X", "^", "_": return skipString(&scalars)
        default:
            // Two-character escapes (ESC c, ESC 7, ESC ( B, ...): drop ESC and the next
            // character; intermediates (0x20-0x2F) take one more.
            if (0x20...0x2F).contains(next.value) { _ = scalars.next() }
            return nil
        }
    }

    /// CSI: parameters and intermediates up to a final byte 0x40...0x7E.
    private static func skipControlSequence(_ scalars: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x20...0x3F: continue
            case 0x40...0x7E: return nil
            default: return scalar  // malformed: stop and let the caller look at it
            }
        }
        return nil
    }

    /// OSC, DCS, SOS, PM, APC: everything up to BEL, ST (U+009C) or ESC \.
    private static func skipString(_ scalars: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x07, 0x9C: return nil
            case 0x1B:
                guard let next = scalars.next() else { return nil }
                if next == "\\" { return nil }
                return next
            default: continue
            }
        }
        return nil
    }
}

// Small text forms the viewer needs and the standard library lacks (Foundation had them;
// the viewer links FoundationEssentials only).

extension StringProtocol {
    /// Without the white space (spaces, tabs, line ends) at either end.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }

    /// With a capital first letter, as a sentence on the screen starts; a sentence that starts
    /// with an address (`http://…`) or a file name (`/home/…`) is left as it is.
    public var capitalizedSentence: String {
        let firstWord = prefix { $0 != " " }
        guard let first = first, !firstWord.contains("://"), first != "/" else { return String(self) }
        return first.uppercased() + dropFirst()
    }

    /// The first range where `target` occurs, letters compared without case (as Foundation's
    /// `.caseInsensitive`, character by character); nil for an empty target.
    public func range(ignoringCaseOf target: String) -> Range<Index>? {
        let wanted = target.map { $0.lowercased() }
        guard !wanted.isEmpty else { return nil }
        var start = startIndex
        while start < endIndex {
            var index = start
            var matched = 0
            while matched < wanted.count, index < endIndex, self[index].lowercased() == wanted[matched] {
                index = self.index(after: index)
                matched += 1
            }
            if matched == wanted.count { return start..<index }
            start = self.index(after: start)
        }
        return nil
    }
}

public enum Decimals {
    /// `value` with `places` digits after the point, rounded half away from zero: 1.25 → "1.3"
    /// (as printf's `%.Nf`, but for the half-way cases).
    public static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let units = Int(scaled)
        let whole = units / Int(scale)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let fraction = String(units % Int(scale))
        return sign + String(whole) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

extension BinaryInteger {
    /// `7.zeroPadded(2)` → `07`: zeros in front, to `width` digits (the one padding for
    /// clock times, dates and subtitle timings).
    public func zeroPadded(_ width: Int) -> String {
        let digits = String(self)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

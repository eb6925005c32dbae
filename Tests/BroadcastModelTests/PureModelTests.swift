import Foundation
import PropertyBased
import Testing
@testable import BroadcastModel

/// What the pure module does itself that Foundation and the C library did before: the
/// calendar, the HTTP date, the byte search of the SSE parser, trimming. Each is checked
/// against the library it replaced.
@Suite struct PureModelTests {
    @Test func isoTimesAgreeWithFoundation() async {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        // Any second from 1970 to 2200, and fractions (whole seconds are written, rounded down).
        await propertyCheck(count: 500, input: Gen.int(in: 0...7_258_118_400), Gen.int(in: 0...999)) { seconds, ms in
            let time = Double(seconds) + Double(ms) / 1000
            #expect(UTCTime(secondsSince1970: time).iso8601 == iso.string(from: Date(timeIntervalSince1970: time)))
        }
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z", "1970-01-01 00:00 UTC"),
        (951_782_400, "2000-02-29T00:00:00Z", "2000-02-29 00:00 UTC"),  // a leap day of a century leap year
        (1_796_083_199.9, "2026-11-30T23:59:59Z", "2026-11-30 23:59 UTC"),
        (-1, "1969-12-31T23:59:59Z", "1969-12-31 23:59 UTC"),
    ])
    func fixedTimes(seconds: Double, iso: String, stamp: String) {
        #expect(UTCTime(secondsSince1970: seconds).iso8601 == iso)
        #expect(UTCTime(secondsSince1970: seconds).minuteStamp == stamp)
    }

    @Test func httpDatesAgreeWithFoundation() async {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        await propertyCheck(count: 500, input: Gen.int(in: 0...7_258_118_400)) { seconds in
            let text = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
            #expect(UTCTime(httpDate: text)?.secondsSince1970 == Double(seconds), "\(text)")
        }
    }

    @Test(arguments: ["", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 32 Nov 1994 08:49:37 GMT",
                      "Sun, 06 Nou 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
                      "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "120"])
    func notHTTPDates(text: String) {
        #expect(UTCTime(httpDate: text) == nil)
    }

    @Test func theExampleOfTheRFC() {
        #expect(UTCTime(httpDate: "Sun, 06 Nov 1994 08:49:37 GMT")?.secondsSince1970 == 784_111_777)
    }

    /// The SSE parser's eight-bytes-at-a-time search finds what a byte-by-byte search finds,
    /// wherever the byte is (every offset against the word boundaries) or if it is absent.
    @Test func wordSearchFindsWhatAByteSearchFinds() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...255).array(of: 0...40), Gen.int(in: 0...255), Gen.int(in: 0...40)) { values, byte, from in
            let bytes = values.map(UInt8.init)
            let start = min(from, bytes.count)
            let expected = bytes[start...].firstIndex(of: UInt8(byte)) ?? bytes.count
            let found = bytes.withUnsafeBufferPointer { buffer in
                SSEParser.find(UInt8(byte), buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, from: start, count: buffer.count)
            }
            #expect(found == expected)
        }
        // High bytes next to the one sought: the carry of the zero-byte test must not hide it.
        let tricky: [UInt8] = [0x80, 0x81, 0x0A, 0xFF, 0x0B, 0x09, 0x0A, 0x01, 0x00, 0x0A]
        for offset in 0..<tricky.count {
            let expected = tricky[offset...].firstIndex(of: 0x0A) ?? tricky.count
            #expect(tricky.withUnsafeBufferPointer { SSEParser.find(0x0A, $0.baseAddress!, from: offset, count: $0.count) } == expected)
        }
    }

    @Test func trimmingMatchesFoundation() {
        for text in ["  kicked \n", "\u{3000}全角\u{3000}", "\r\n", "", "a b", "\t\u{85}x\u{2028}"] {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
        }
    }
}

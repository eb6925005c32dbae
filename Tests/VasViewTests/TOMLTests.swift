import Testing
@testable import vas_view

/// The TOML reader: every feature of TOML 1.0.0 that the settings file may use, each
/// against a value written by hand, and malformed documents, each against the place
/// of the error.
@Suite struct TOMLTests {
    // MARK: - Documents

    @Test func settingsFile() throws {
        let text = """
            # vas-view settings
            server = "https://vas-poc.vurbo.ai"
            lang = "en-US"
            tts = true
            tts_max_lag = 8
            theme = "mono"

            """
        let table = try TOML.parse(text)
        #expect(table == [
            "server": .string("https://vas-poc.vurbo.ai"),
            "lang": .string("en-US"),
            "tts": .bool(true),
            "tts_max_lag": .integer(8),
            "theme": .string("mono"),
        ])
        #expect(table["server"]?.string == "https://vas-poc.vurbo.ai")
        #expect(table["tts"]?.bool == true)
        #expect(table["tts_max_lag"]?.int == 8)
        #expect(Array(table.keys) == ["server", "lang", "tts", "tts_max_lag", "theme"])
    }

    @Test func emptyAndBlankDocuments() throws {
        #expect(try TOML.parse("") == [:])
        #expect(try TOML.parse("\n\n   \n\t\n") == [:])
        #expect(try TOML.parse("# only a comment") == [:])
    }

    @Test func comments() throws {
        #expect(try TOML.parse("# first\n\n  # indented\na = 1 # after a value\n[t] # after a header\n# héllo ✓ tab\there\n")
            == ["a": .integer(1), "t": .table([:])])
        #expect(try TOML.parse("a = 1#no space") == ["a": .integer(1)])
    }

    @Test func lineEndings() throws {
        #expect(try TOML.parse("a = 1\r\nb = 'x'\r\n# c\r\n[t]\r\nc = true\r\n")
            == ["a": .integer(1), "b": .string("x"), "t": .table(["c": .bool(true)])])
        #expect(try TOML.parse("a = 1") == ["a": .integer(1)])
    }

    @Test func byteOrderMark() throws {
        #expect(try TOML.parse("\u{FEFF}a = 1\n") == ["a": .integer(1)])
    }

    @Test func whitespace() throws {
        #expect(try TOML.parse("\t a\t=\t1\t\n[ t . u ]\n  [[ v ]]  \n")
            == ["a": .integer(1), "t": .table(["u": .table([:])]), "v": .array([.table([:])])])
    }

    // MARK: - Keys

    @Test func bareKeys() throws {
        #expect(try TOML.parse("A-b_9 = 1\n1234 = 2\n-_- = 3\ntrue = 4")
            == ["A-b_9": .integer(1), "1234": .integer(2), "-_-": .integer(3), "true": .integer(4)])
    }

    @Test func quotedKeys() throws {
        #expect(try TOML.parse(#""a b" = 1"# + "\n'c.d' = 2\n\"\" = 3\n" + #""\u00e9" = 4"# + "\n'\\n' = 5")
            == ["a b": .integer(1), "c.d": .integer(2), "": .integer(3), "é": .integer(4), "\\n": .integer(5)])
        #expect(try TOML.parse("'' = 'empty literal key'") == ["": .string("empty literal key")])
    }

    @Test func dottedKeys() throws {
        #expect(try TOML.parse("a . b.\"c\" = 1\na.d = 2\n3.14 = 'pi'")
            == ["a": .table(["b": .table(["c": .integer(1)]), "d": .integer(2)]),
                "3": .table(["14": .string("pi")])])
        #expect(try TOML.parse("a.b = 1\n[c]\nd = 'x'")
            == ["a": .table(["b": .integer(1)]), "c": .table(["d": .string("x")])])
    }

    @Test func keysKeepDocumentOrder() throws {
        let table = try TOML.parse("b = 1\na = 2\n[z]\n[m]\n")
        #expect(Array(table.keys) == ["b", "a", "z", "m"])
    }

    // MARK: - Strings

    @Test func basicStringEscapes() throws {
        #expect(try TOML.parse(#"s = "a\tb\n\"q\" \\ \u00E9 \U0001F600 \b\f\r""#)
            == ["s": .string("a\tb\n\"q\" \\ é 😀 \u{08}\u{0C}\r")])
        #expect(try TOML.parse(#"s = "naïve 😀 # not a comment""#) == ["s": .string("naïve 😀 # not a comment")])
        #expect(try TOML.parse("s = \"tab\there\"") == ["s": .string("tab\there")])
        #expect(try TOML.parse("s = \"\"") == ["s": .string("")])
    }

    @Test func multilineBasicStrings() throws {
        #expect(try TOML.parse("s = \"\"\"\nline1\nline2\"\"\"") == ["s": .string("line1\nline2")])
        #expect(try TOML.parse("s = \"\"\"one line\"\"\"") == ["s": .string("one line")])
        #expect(try TOML.parse("s = \"\"\"\r\nline1\r\nline2\r\n\"\"\"") == ["s": .string("line1\nline2\n")])
        #expect(try TOML.parse("s = \"\"\"\n\nkept\"\"\"") == ["s": .string("\nkept")])
        #expect(try TOML.parse("s = \"\"\"a \\\"\"\" b\"\"\"") == ["s": .string("a \"\"\" b")])
    }

    @Test func lineEndingBackslash() throws {
        #expect(try TOML.parse("s = \"\"\"\nThe quick \\\n\n   brown \\   \n  fox.\"\"\"")
            == ["s": .string("The quick brown fox.")])
        #expect(try TOML.parse("s = \"\"\"\\\r\n   x\\\n\"\"\"") == ["s": .string("x")])
    }

    @Test func quotesBeforeTheClosingDelimiter() throws {
        #expect(try TOML.parse("s = \"\"\"a\"\"\"\"") == ["s": .string("a\"")])
        #expect(try TOML.parse("s = \"\"\"a\"\"\"\"\"") == ["s": .string("a\"\"")])
        #expect(try TOML.parse("s = \"\"\"\"\"a\"\" b\"\"\"") == ["s": .string("\"\"a\"\" b")])
        #expect(try TOML.parse("s = '''a''''") == ["s": .string("a'")])
        #expect(try TOML.parse("s = '''a'''''") == ["s": .string("a''")])
    }

    @Test func literalStrings() throws {
        #expect(try TOML.parse(#"s = 'C:\Users\n "x"'"#) == ["s": .string(#"C:\Users\n "x""#)])
        #expect(try TOML.parse("s = ''") == ["s": .string("")])
    }

    @Test func multilineLiteralStrings() throws {
        #expect(try TOML.parse("s = '''\nfirst\n  'quoted' \\n\n'''") == ["s": .string("first\n  'quoted' \\n\n")])
        #expect(try TOML.parse("s = '''\\\n  no trim'''") == ["s": .string("\\\n  no trim")])
    }

    // MARK: - Numbers, booleans, dates

    @Test func integers() throws {
        #expect(try TOML.parse("a = +99\nb = -17\nc = 0\nd = 1_000\ne = -0\nf = +0\ng = 9223372036854775807\nh = -9223372036854775808\ni = 5_349_221")
            == ["a": .integer(99), "b": .integer(-17), "c": .integer(0), "d": .integer(1000), "e": .integer(0), "f": .integer(0),
                "g": .integer(Int.max), "h": .integer(Int.min), "i": .integer(5_349_221)])
    }

    @Test func prefixedIntegers() throws {
        #expect(try TOML.parse("a = 0xDEAD_beef\nb = 0o755\nc = 0b1101_0110\nd = 0x0\ne = 0x00ff\nf = 0x7FFFFFFFFFFFFFFF")
            == ["a": .integer(3_735_928_559), "b": .integer(493), "c": .integer(214), "d": .integer(0), "e": .integer(255),
                "f": .integer(Int.max)])
    }

    @Test func floats() throws {
        #expect(try TOML.parse("a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.25e-2\nh = 224_617.5\ni = 0e0\nj = 1_0.5e1_0\nk = 0.0\nl = -0.0")
            == ["a": .float(1.0), "b": .float(3.1415), "c": .float(-0.01), "d": .float(5e22), "e": .float(1e6), "f": .float(-0.02),
                "g": .float(0.0625), "h": .float(224_617.5), "i": .float(0), "j": .float(105_000_000_000), "k": .float(0), "l": .float(-0.0)])
    }

    @Test func infinityAndNaN() throws {
        let table = try TOML.parse("a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan")
        #expect(table["a"] == .float(.infinity))
        #expect(table["b"] == .float(.infinity))
        #expect(table["c"] == .float(-.infinity))
        for key in ["d", "e", "f"] {
            #expect(table[key]?.double?.isNaN == true)
        }
    }

    @Test func booleans() throws {
        #expect(try TOML.parse("t = true\nf = false") == ["t": .bool(true), "f": .bool(false)])
    }

    @Test func dateTimes() throws {
        let text = """
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00.999999-07:00
            odt3 = 1979-05-27 07:32:00z
            odt4 = 1979-05-27t07:32:00+05:30
            ldt = 1979-05-27T07:32:00
            ld = 1979-05-27 # a date, then a comment
            lt1 = 07:32:00
            lt2 = 00:32:00.999999
            leap = 2000-02-29
            second60 = 1990-12-31T23:59:60Z
            """
        #expect(try TOML.parse(text) == [
            "odt1": .datetime("1979-05-27T07:32:00Z"),
            "odt2": .datetime("1979-05-27T00:32:00.999999-07:00"),
            "odt3": .datetime("1979-05-27 07:32:00z"),
            "odt4": .datetime("1979-05-27t07:32:00+05:30"),
            "ldt": .datetime("1979-05-27T07:32:00"),
            "ld": .datetime("1979-05-27"),
            "lt1": .datetime("07:32:00"),
            "lt2": .datetime("00:32:00.999999"),
            "leap": .datetime("2000-02-29"),
            "second60": .datetime("1990-12-31T23:59:60Z"),
        ])
        #expect(try TOML.parse("a = [1979-05-27, 07:32:00]") == ["a": .array([.datetime("1979-05-27"), .datetime("07:32:00")])])
    }

    // MARK: - Arrays and inline tables

    @Test func arrays() throws {
        #expect(try TOML.parse("a = [ 1, 2, 3 ]\nb = [\"x\", 'y']\nc = [[1, 2], [\"a\"]]\nd = []\ne = [1, 'mixed', 2.5, true, {x = 1}]")
            == ["a": .array([.integer(1), .integer(2), .integer(3)]),
                "b": .array([.string("x"), .string("y")]),
                "c": .array([.array([.integer(1), .integer(2)]), .array([.string("a")])]),
                "d": .array([]),
                "e": .array([.integer(1), .string("mixed"), .float(2.5), .bool(true), .table(["x": .integer(1)])])])
    }

    @Test func multilineArrays() throws {
        #expect(try TOML.parse("a = [\n  1, # one\n  2,\n  # two\n]\nb = [ # open\n\r\n 'x'\n , 'y' ]\nc = [\n]")
            == ["a": .array([.integer(1), .integer(2)]),
                "b": .array([.string("x"), .string("y")]),
                "c": .array([])])
        #expect(try TOML.parse("a = [1,]") == ["a": .array([.integer(1)])])
    }

    @Test func inlineTables() throws {
        #expect(try TOML.parse("p = { x = 1, y = 2 }\nn = { a.b = 1, a.c = 'z' }\ne = {}\nnest = { t = { u = [1] } }\nq = {\"k k\"=true}")
            == ["p": .table(["x": .integer(1), "y": .integer(2)]),
                "n": .table(["a": .table(["b": .integer(1), "c": .string("z")])]),
                "e": .table([:]),
                "nest": .table(["t": .table(["u": .array([.integer(1)])])]),
                "q": .table(["k k": .bool(true)])])
        // An array value inside an inline table may span lines.
        #expect(try TOML.parse("t = { a = [\n1,\n2] }") == ["t": .table(["a": .array([.integer(1), .integer(2)])])])
    }

    // MARK: - Tables

    @Test func standardTables() throws {
        #expect(try TOML.parse("[a]\nx = 1\n[b.c]\ny = 2\n[a.d]\nz = 3")
            == ["a": .table(["x": .integer(1), "d": .table(["z": .integer(3)])]),
                "b": .table(["c": .table(["y": .integer(2)])])])
        #expect(try TOML.parse("[\"q k\".'l']\n[a.\"\"]") == ["q k": .table(["l": .table([:])]), "a": .table(["": .table([:])])])
    }

    @Test func implicitTableDefinedLater() throws {
        #expect(try TOML.parse("[x.y.z]\nw = 1\n[x]\nv = 2")
            == ["x": .table(["y": .table(["z": .table(["w": .integer(1)])]), "v": .integer(2)])])
    }

    @Test func dottedKeysThenSubtable() throws {
        #expect(try TOML.parse("[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true")
            == ["fruit": .table(["apple": .table([
                "color": .string("red"),
                "taste": .table(["sweet": .bool(true)]),
                "texture": .table(["smooth": .bool(true)]),
            ])])])
    }

    @Test func arraysOfTables() throws {
        #expect(try TOML.parse("[[p]]\nn = 'a'\n[[p]]\n[[p]]\nn = 'c'")
            == ["p": .array([.table(["n": .string("a")]), .table([:]), .table(["n": .string("c")])])])
    }

    @Test func nestedArraysOfTables() throws {
        let text = """
            [[f]]
            name = 'apple'
            [f.physical]
            color = 'red'
            [[f.v]]
            name = 'x'
            [[f.v]]
            name = 'y'
            [[f]]
            name = 'b'
            """
        #expect(try TOML.parse(text) == ["f": .array([
            .table(["name": .string("apple"),
                    "physical": .table(["color": .string("red")]),
                    "v": .array([.table(["name": .string("x")]), .table(["name": .string("y")])])]),
            .table(["name": .string("b")]),
        ])])
    }

    // MARK: - Accessors and errors

    @Test func accessorsOnlyAnswerForTheirKind() {
        #expect(TOMLValue.string("x").string == "x")
        #expect(TOMLValue.integer(1).string == nil)
        #expect(TOMLValue.bool(true).bool == true)
        #expect(TOMLValue.string("true").bool == nil)
        #expect(TOMLValue.integer(3).int == 3)
        #expect(TOMLValue.float(3).int == nil)
        #expect(TOMLValue.float(2.5).double == 2.5)
        #expect(TOMLValue.integer(2).double == nil)
        #expect(TOMLValue.table(["a": .integer(1)]).table == ["a": .integer(1)])
        #expect(TOMLValue.array([]).table == nil)
        #expect(TOMLValue.datetime("07:32:00").string == nil)
    }

    @Test func errorDescription() {
        #expect(TOMLError(line: 3, column: 7, message: "a string is not closed").description
            == "line 3, column 7: a string is not closed")
        #expect(throws: TOMLError(line: 2, column: 1, message: "the key 'a' is defined twice")) {
            try TOML.parse("a = 1\na = 2")
        }
    }

    @Test func nestingIsLimitedWithoutCrashing() throws {
        let fine = String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        var expected = TOMLValue.array([])
        for _ in 1..<50 { expected = .array([expected]) }
        #expect(try TOML.parse("a = " + fine) == ["a": expected])

        let deep = String(repeating: "[", count: 10_000)
        #expect(throws: TOMLError.self) { try TOML.parse("a = " + deep) }
        let deepTables = "a = " + String(repeating: "{b = ", count: 10_000)
        #expect(throws: TOMLError.self) { try TOML.parse(deepTables) }
        let longKey = "[" + Array(repeating: "k", count: 10_000).joined(separator: ".") + "]"
        #expect(throws: TOMLError.self) { try TOML.parse(longKey) }
    }

    /// A malformed document, and where the error must be.
    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let column: Int
        var testDescription: String { String(reflecting: text) }
        init(_ text: String, _ line: Int, _ column: Int) {
            self.text = text
            self.line = line
            self.column = column
        }
    }

    /// Malformed documents, each with where its error must be (`TOMLAgainstTomllibTests` reads them too).
    static let invalidDocuments: [Invalid] = [
        // Definitions twice, and extending what may not be extended.
        Invalid("a = 1\na = 2", 2, 1),
        Invalid("[a]\n[a]", 2, 2),
        Invalid("a = 1\n[a]", 2, 2),
        Invalid("a = {b = 1}\n[a]", 2, 2),
        Invalid("a = {b = 1}\na.c = 2", 2, 1),
        Invalid("a = {b = 1}\n[a.c]", 2, 2),
        Invalid("a = [1]\n[[a]]", 2, 3),
        Invalid("a = []\n[[a]]", 2, 3),
        Invalid("[[a]]\n[a]", 2, 2),
        Invalid("[a]\n[[a]]", 2, 3),
        Invalid("a.b = 1\na = 2", 2, 1),
        Invalid("a.b = 1\n[a]", 2, 2),
        Invalid("a.b = 1\na.b.c = 2", 2, 3),
        Invalid("[a]\nb.c = 1\n[a.b]", 3, 4),
        Invalid("[a.b.c]\nz = 1\n[a]\nb.c.t = 1", 4, 1),
        Invalid("[[a.b]]\n[a]\nb.y = 2", 3, 1),
        Invalid("x = [{a = 1}]\n[x.b]", 2, 2),
        Invalid("a = {b = 1, b = 2}", 1, 13),
        Invalid("a = {b = {c = 1}, b.d = 2}", 1, 19),
        // Something after a value or a header.
        Invalid("a = 1 b = 2", 1, 7),
        Invalid("[a] b = 1", 1, 5),
        Invalid("a = \"x\" \"y\"", 1, 9),
        Invalid("a = true1", 1, 5),
        // Unterminated things and missing parts.
        Invalid("s = \"abc", 1, 5),
        Invalid("s = \"abc\nt = 1", 1, 9),
        Invalid("s = 'a\nb'", 1, 7),
        Invalid("s = 'abc", 1, 5),
        Invalid("a = \"\"\"abc\n", 1, 5),
        Invalid("a = '''abc", 1, 5),
        Invalid("x = 0\na = [1, 2", 2, 5),
        Invalid("a = [1, 2\nb = 3", 2, 1),
        Invalid("a = { b = 1", 1, 5),
        Invalid("a = \nb = 1", 1, 5),
        Invalid("a = ", 1, 5),
        Invalid("a = # comment", 1, 5),
        Invalid("a 1", 1, 3),
        Invalid("a", 1, 2),
        Invalid("= 1", 1, 1),
        Invalid("a. = 1", 1, 4),
        Invalid("[a", 1, 3),
        Invalid("[]", 1, 2),
        Invalid("[[a]", 1, 4),
        Invalid("[[a] ]", 1, 4),
        Invalid("[a]]", 1, 4),
        // Strings.
        Invalid("s = \"\\q\"", 1, 6),
        Invalid("s = \"\\x41\"", 1, 6),
        Invalid("s = \"\\uD800\"", 1, 6),
        Invalid("s = \"\\U00110000\"", 1, 6),
        Invalid("s = \"\\u12\"", 1, 6),
        Invalid("s = \"a\u{01}b\"", 1, 7),
        Invalid("s = 'a\u{7F}b'", 1, 7),
        Invalid("s = \"\"\"a\u{00}\"\"\"", 1, 9),
        Invalid("s = \"\"\"\na \\ b\"\"\"", 2, 3),
        Invalid("a = '''abc''''''", 1, 16),
        Invalid("a = \"\"\"abc\"\"\"\"\"\"", 1, 16),
        // Comments and line ends.
        Invalid("# bad \u{7F}\n", 1, 7),
        Invalid("a = 1 # \u{1F}", 1, 9),
        Invalid("a = 1\rb = 2", 1, 6),
        Invalid("a = \"\"\"x\ry\"\"\"", 1, 9),
        // Integers.
        Invalid("a = 01", 1, 5),
        Invalid("a = 1__2", 1, 5),
        Invalid("a = _1", 1, 5),
        Invalid("a = 1_", 1, 5),
        Invalid("a = 9223372036854775808", 1, 5),
        Invalid("a = -9223372036854775809", 1, 5),
        Invalid("a = 0xFFFFFFFFFFFFFFFF", 1, 5),
        Invalid("a = +0x1", 1, 5),
        Invalid("a = 0x", 1, 5),
        Invalid("a = 0x_1", 1, 5),
        Invalid("a = 0o8", 1, 5),
        Invalid("a = 0b102", 1, 5),
        Invalid("a = 0X1F", 1, 5),
        // Floats and booleans.
        Invalid("a = 1.", 1, 5),
        Invalid("a = .5", 1, 5),
        Invalid("a = 1.e5", 1, 5),
        Invalid("a = 1e", 1, 5),
        Invalid("a = 03.14", 1, 5),
        Invalid("a = 1._5", 1, 5),
        Invalid("a = 1.2.3", 1, 5),
        Invalid("a = infinity", 1, 5),
        Invalid("a = TRUE", 1, 5),
        Invalid("a = hello", 1, 5),
        // Dates and times.
        Invalid("a = 1979-13-01", 1, 10),
        Invalid("a = 1979-02-30", 1, 13),
        Invalid("a = 1979-05-27T25:00:00", 1, 16),
        Invalid("a = 1979-05-27T07:60:00", 1, 19),
        Invalid("a = 1979-05-27T07:32Z", 1, 21),
        Invalid("a = 07:32", 1, 10),
        Invalid("a = 1979-05-27T07:32:00.", 1, 25),
        Invalid("a = 1979-05-27T07:32:00+5:00", 1, 26),
        Invalid("a = 1979-5-27", 1, 11),
        Invalid("a = 07:32:00Z", 1, 13),
        // Arrays and inline tables.
        Invalid("a = [1 2]", 1, 8),
        Invalid("a = [1,,2]", 1, 8),
        Invalid("a = [,]", 1, 6),
        Invalid("a = {b = 1,}", 1, 12),
        Invalid("a = {b = 1,\nc = 2}", 1, 12),
        Invalid("a = {\nb = 1}", 1, 6),
        Invalid("a = {b = 1 c = 2}", 1, 12),
        Invalid("a = {b}", 1, 7),
    ]

    @Test(arguments: invalidDocuments)
    func invalidDocumentIsRefused(_ invalid: Invalid) {
        do {
            let table = try TOML.parse(invalid.text)
            Issue.record("parsed as \(table)")
        } catch {
            #expect(error.line == invalid.line, "\(error)")
            #expect(error.column == invalid.column, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }
}

import Foundation
import Testing
@testable import vas_view

/// Our TOML reader against an independent one: Python's standard `tomllib` (Python 3.11+,
/// installed by `make deps`) reads the same valid documents to the same values, and refuses
/// the same invalid ones (`TOMLTests.invalidDocuments`), on the same line.
@Suite struct TOMLAgainstTomllibTests {
    /// Every kind of value and table TOML 1.0.0 has, as settings files and hand-written examples use them.
    static let validDocuments: [String] = [
        "",
        "# only a comment\n",
        "server = \"https://vas-poc.vurbo.ai\"\nlang = \"en-US\"\ntts = true\ntts_max_lag = 8\ntheme = \"mono\"\n",
        "a = 1\r\nb = 2\r\n",
        "bare_key-1 = 1\n\"quoted key\" = 2\n'literal key' = 3\n\"\" = 4\n1234 = 5",
        "a.b.c = 1\na.b.d = 2\n\"x\".'y' = 3\n site . name = 4",
        #"s = "tab\t newline\n quote\" backslash\\ unicode\u00E9 \U0001F600 \b\f\r""#,
        "s = \"\"\"\nRoses are red\nViolets are blue\"\"\"",
        "s = \"\"\"\nThe quick brown \\\n\n  fox jumps over \\\n    the lazy dog.\"\"\"",
        "s = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"\nt = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"",
        "winpath = 'C:\\Users\\nodejs\\templates'\nquoted = 'Tom \"Dubs\" Preston-Werner'",
        "re = '''I [dw]on't need \\d{2} apples'''\nlines = '''\nThe first newline is\ntrimmed in raw strings.\n'''",
        "a = +99\nb = 42\nc = 0\nd = -17\ne = 1_000\nf = 5_349_221\ng = 1_2_3_4_5\nmax = 9223372036854775807\nmin = -9223372036854775808",
        "h = 0xDEADBEEF\nh2 = 0xdead_beef\no = 0o01234567\no2 = 0o755\nb = 0b11010110",
        "a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.626e-34\nh = 224_617.445_991_228\ni = -0.0\nj = +0.0",
        "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan",
        "t = true\nf = false",
        "odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00.999999-07:00\nodt3 = 1979-05-27 07:32:00z\nldt = 1979-05-27T07:32:00\nld = 1979-05-27\nlt = 07:32:00\nlt2 = 00:32:00.999999",
        "a = [ 1, 2, 3 ]\nb = [\"x\", 'y']\nc = [[1, 2], [\"a\"]]\nd = []\ne = [1, 'mixed', 2.5, true, {x = 1}]",
        "a = [\n  1,\n  2, # a comment\n]\nb = [ # start\n]",
        "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }\nanimal = { type.name = \"pug\" }\nempty = {}",
        "[table-1]\nkey1 = \"some string\"\nkey2 = 123\n\n[table-2]\nkey1 = \"another string\"\nkey2 = 456",
        "[dog.\"tater.man\"]\ntype.name = \"pug\"\n[ j . \"ʞ\" . 'l' ]\nx = 1",
        "[x.y.z.w]\n[x]\na = 1",
        "fruit.apple.color = \"red\"\nfruit.apple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
        "[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]\n\n[[products]]\nname = \"Nail\"\ncolor = \"gray\"",
        "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits.varieties]]\nname = \"granny smith\"\n[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"",
        "a = \"大家好\" # 中文\n\"鍵\" = '値'",
    ]

    /// Where we differ from tomllib on purpose, each with its reason. The test below checks that
    /// tomllib still answers these the other way, so the list cannot go stale.
    /// - A byte order mark: editors on Windows write one; we skip it. tomllib is given text, in which
    ///   U+FEFF is a character that cannot start a statement.
    static let acceptedByUsOnly = ["\u{FEFF}a = 1"]
    /// - An integer beyond 64 bits: TOML 1.0.0 says "if an integer cannot be represented losslessly,
    ///   an error must be thrown"; Python's integers have no bound, so tomllib reads it.
    static let refusedByUsOnly = ["a = 9223372036854775808", "a = -9223372036854775809", "a = 0xFFFFFFFFFFFFFFFF"]

    /// What tomllib makes of each document: a tagged value, or its error.
    static func tomllib(_ documents: [String]) throws -> [Any] {
        let script = #"""
            import json, math, sys, tomllib, datetime
            def tag(v):
                if isinstance(v, bool): return {"bool": v}
                if isinstance(v, int): return {"integer": str(v)}
                if isinstance(v, float): return {"float": "nan" if math.isnan(v) else repr(v)}
                if isinstance(v, str): return {"string": v}
                if isinstance(v, (datetime.datetime, datetime.date, datetime.time)): return {"datetime": True}
                if isinstance(v, list): return {"array": [tag(x) for x in v]}
                if isinstance(v, dict): return {"table": {k: tag(x) for k, x in v.items()}}
                raise TypeError(type(v))
            out = []
            for text in json.load(sys.stdin):
                try: out.append({"ok": tag(tomllib.loads(text))})
                except tomllib.TOMLDecodeError as e: out.append({"error": str(e)})
            json.dump(out, sys.stdout)
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: documents))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with tomllib is needed (make deps installs it)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
    }

    /// Our value, tagged as the script tags Python's.
    static func tagged(_ value: TOMLValue) -> NSDictionary {
        switch value {
        case .bool(let b): ["bool": b]
        case .integer(let n): ["integer": String(n)]
        case .float(let d): ["float": d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : "\(d)"]
        case .string(let s): ["string": s]
        case .datetime: ["datetime": true]
        case .array(let items): ["array": items.map(tagged)]
        case .table(let table): ["table": tagged(table)]
        }
    }

    static func tagged(_ table: TOMLTable) -> NSDictionary {
        NSDictionary(dictionary: Dictionary(uniqueKeysWithValues: table.map { ($0.key, tagged($0.value)) }))
    }

    @Test func validDocumentsReadTheSame() throws {
        let theirs = try Self.tomllib(Self.validDocuments)
        for (text, answer) in zip(Self.validDocuments, theirs) {
            let expected = try #require((answer as? [String: Any])?["ok"] as? NSDictionary, "tomllib refused \(String(reflecting: text)): \(answer)")
            let ours = try TOML.parse(text)
            #expect(NSDictionary(dictionary: ["table": Self.tagged(ours)]) == expected, "\(String(reflecting: text))")
        }
    }

    @Test func invalidDocumentsAreRefusedByBothOnTheSameLine() throws {
        let invalid = TOMLTests.invalidDocuments.filter { !Self.refusedByUsOnly.contains($0.text) }
        #expect(invalid.count + Self.refusedByUsOnly.count == TOMLTests.invalidDocuments.count,
                "every deliberate difference is one of our invalid documents")
        let theirs = try Self.tomllib(invalid.map(\.text))
        for (document, answer) in zip(invalid, theirs) {
            let error = try #require((answer as? [String: Any])?["error"] as? String,
                                     "tomllib accepts \(String(reflecting: document.text)): \(answer)")
            // tomllib says "(at line L, column C)", or "(at end of document)" on the last line.
            if let range = error.range(of: #"at line (\d+)"#, options: .regularExpression) {
                let line = Int(error[range].split(separator: " ").last!)
                #expect(line == document.line, "\(String(reflecting: document.text)): ours line \(document.line), tomllib: \(error)")
            }
        }
    }

    @Test func theDeliberateDifferencesAreStillDifferences() throws {
        let documents = Self.acceptedByUsOnly + Self.refusedByUsOnly
        let theirs = try Self.tomllib(documents)
        for (text, answer) in zip(Self.acceptedByUsOnly, theirs) {
            #expect((answer as? [String: Any])?["error"] != nil, "tomllib now accepts \(String(reflecting: text))")
            #expect((try? TOML.parse(text)) != nil, "we now refuse \(String(reflecting: text))")
        }
        for (text, answer) in zip(Self.refusedByUsOnly, theirs.dropFirst(Self.acceptedByUsOnly.count)) {
            #expect((answer as? [String: Any])?["ok"] != nil, "tomllib now refuses \(String(reflecting: text))")
            #expect((try? TOML.parse(text)) == nil, "we now accept \(String(reflecting: text))")
        }
    }
}

import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The viewer against servers that differ where the documents are silent (vas-sim's
/// `--variant`s, a web server that is not VAS, https to a plain-HTTP port, share links):
/// it watches, or it says exactly what differs.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct ServerVariantsTests {
    static let script = #"{"broadcast":{"name":"Variant","phase":"live","translation_languages":["en-US","ja-JP"]}}"# + "\n"
        + #"{"at":0.3,"event":"origin","data":{"sid":1,"text":"你好。","is_final":true,"start_time":"00:01"}}"# + "\n"
        + #"{"at":0.35,"event":"translation","data":{"sid":1,"language":"en-US","text":"Hello.","is_final":true}}"# + "\n"
        + #"{"at":0.35,"event":"translation","data":{"sid":1,"language":"ja-JP","text":"こんにちは。","is_final":true}}"# + "\n"
        + #"{"at":0.8,"event":"ended","data":{"message":"Broadcast has ended"}}"#

    func simulator(_ variants: [String], _ extra: [String] = []) throws -> Simulator {
        try Simulator(["--scenario", try scenarioFile(Self.script)] + variants.flatMap { ["--variant", $0] } + extra)
    }

    func config(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-config-\(UUID()).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func withoutADetailsEndpointTheStreamIsWatched() throws {
        let sim = try simulator(["no-details"])
        let run = try viewer(["a3f9", "--lang", "en-US", "--no-autosave"], against: sim)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.transcript == ["[00:01] 你好。", "  → Hello."])
        #expect(!run.stderr.contains("check the token"))
    }

    @Test func aPasswordCheckElsewhereIsNamedThenFoundByVerifyPath() throws {
        let sim = try simulator(["check-elsewhere"], ["--password", "pw"])
        let refused = try viewer(["a3f9", "--no-autosave", "--password-stdin"], against: sim, stdin: "pw\n")
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("the server has no password check at /api/v1/viewer/broadcasts/a3f9/verify (HTTP 404): the password was not checked"), "\(refused.stderr)")
        #expect(refused.stderr.contains("set verify_path"))
        #expect(!refused.stdout.contains("wrong password") && !refused.stderr.contains("wrong password"))
        let moved = try config(#"verify_path = "/api/v1/viewer/broadcasts/{token}/check""# + "\n")
        let run = try viewer(["a3f9", "--lang", "en-US", "--no-autosave", "--password-stdin", "--config", moved], against: sim, stdin: "pw\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.transcript == ["[00:01] 你好。", "  → Hello."])
        // The same setting against a server that checks at the documents' path: the setting is named, not repeated as advice.
        let usual = try simulator([], ["--password", "pw"])
        let wrongPath = try viewer(["a3f9", "--no-autosave", "--password-stdin", "--config", moved], against: usual, stdin: "pw\n")
        #expect(wrongPath.status == 3)
        #expect(wrongPath.stderr.contains("That path is verify_path's: correct it, or remove it for the default"), "\(wrongPath.stderr)")
    }

    @Test func aCheckOfAnotherBodyIsNamedThenReachedByVerifyBody() throws {
        let sim = try simulator(["pass-code-body"], ["--password", "pw"])
        let refused = try viewer(["a3f9", "--no-autosave", "--password-stdin"], against: sim, stdin: "pw\n")
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("did not understand the request (HTTP 422)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("set verify_body to \"pass_code\" or \"form\""))
        let run = try viewer(["a3f9", "--lang", "en-US", "--no-autosave", "--password-stdin", "--config", try config("verify_body = \"pass_code\"\n")],
                             against: sim, stdin: "pw\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.transcript == ["[00:01] 你好。", "  → Hello."])
    }

    @Test func aStreamBehindASameOriginRedirectIsWatched() throws {
        let sim = try simulator(["stream-redirect"])
        let run = try viewer(["a3f9", "--lang", "en-US", "--no-autosave"], against: sim)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.transcript == ["[00:01] 你好。", "  → Hello."])
    }

    @Test func aCaptivePortalIsNamedNotRetriedForever() throws {
        let sim = try simulator(["html"])
        let run = try viewer(["a3f9", "--no-autosave"], against: sim)
        #expect(run.status == 1)
        #expect(run.stderr.contains("the server answered with an HTML page (text/html; charset=utf-8), not a VAS event stream, 3 times: a login page or a proxy?"), "\(run.stderr)")
    }

    /// `python3 -m http.server`, what a person may have running on the port they typed.
    @Test func aWebServerThatIsNotVASIsNamedSo() throws {
        let web = try WebServer()
        let run = try runViewer(["a3f9", "--server", web.url, "--no-autosave", "--backoff-initial", "0.1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(web.url) does not look like a VAS server: it answered the broadcast's stream with HTTP 404"), "\(run.stderr)")
        #expect(!run.stderr.contains("check the token"))
    }

    /// A plain-HTTP server that answers the TLS handshake with an HTTP error: said at once.
    @Test func httpsToAWebServerSaysSoAtOnce() throws {
        let web = try WebServer()
        let secure = web.url.replacingOccurrences(of: "http://", with: "https://")
        let run = try runViewer(["a3f9", "--server", secure, "--no-autosave"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(secure) did not answer with TLS ("), "\(run.stderr)")
        #expect(run.stderr.contains("If it is a plain-HTTP server, give --server \(web.url)"), "\(run.stderr)")
    }

    @Test func httpsToAPlainHTTPPortSuggestsHTTP() throws {
        let sim = try simulator([])
        let secure = sim.url.replacingOccurrences(of: "http://", with: "https://")
        let run = try runViewer(["a3f9", "--server", secure, "--no-autosave"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("If it is a plain-HTTP server, give --server \(sim.url)"), "\(run.stderr)")
        #expect(try sim.stats()["stream_requests", default: 0] == 0)
    }

    @Test func aShareLinkGivesServerTokenAndLanguage() throws {
        let sim = try simulator([])
        let run = try runViewer([sim.url + "/broadcast/a3f9/text?lang=ja-JP", "--no-autosave"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.transcript == ["[00:01] 你好。", "  → こんにちは。"])
        #expect(run.stdout.contains("broadcast a3f9 on \(sim.url)"))
        // An option on the command line wins over the link's language.
        let again = try simulator([])
        let chosen = try runViewer([again.url + "/broadcast/a3f9/text?lang=ja-JP", "--lang", "en-US", "--no-autosave"])
        #expect(chosen.transcript == ["[00:01] 你好。", "  → Hello."])
    }

    @Test func aShareLinkAndAnotherServerAreAUsageError() throws {
        let run = try runViewer(["https://vas.example/broadcast/a3f9", "--server", "https://other.example", "--no-autosave"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("the share link is on https://vas.example and --server says https://other.example: give one of them."), "\(run.stderr)")
        let same = try runViewer(["https://vas.example/broadcast/a3f9", "--server", "https://VAS.example:443/", "--no-autosave",
                                  "--backoff-initial", "0.1"])
        #expect(same.status != 2, "the same server written another way: \(same.stderr)")
    }

    @Test func aLinkToNoBroadcastIsSaidSo() throws {
        let run = try runViewer(["https://vas.example/watch?v=a3f9"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is not a share link: a link to a broadcast looks like https://HOST/broadcast/a3f9"), "\(run.stderr)")
    }
}

/// `python3 -m http.server` on a free port, serving an empty folder.
final class WebServer: @unchecked Sendable {
    let process = Process()
    let url: String
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vas-web-\(UUID())")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Port 0 picks a free one; the server prints it ("Serving HTTP on 127.0.0.1 port N").
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = firstLine(of: out)
        guard let port = text.range(of: "port ").map({ text[$0.upperBound...].prefix { $0.isNumber } }), !port.isEmpty else {
            throw Simulator.SimulatorError(output: text)
        }
        url = "http://127.0.0.1:\(port)"
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}

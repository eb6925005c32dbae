import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// scripts/hostile-server.py in one of its modes: a VAS server gone wrong.
final class HostileServer: @unchecked Sendable {
    let process = Process()
    let url: String

    init(_ mode: String, _ extra: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [repository.path + "/scripts/hostile-server.py", mode] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = firstLine(of: out)
        guard let start = text.range(of: "http") else { throw Simulator.SimulatorError(output: text) }
        url = String(text[start.lowerBound...].prefix { !$0.isNewline })
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// The viewer against each way a server can go wrong: no crash, bounded memory,
/// a clear notice, the transcript intact.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct HostileTests {
    /// Runs the viewer in plain mode against `server`; its output and its peak memory (from the log).
    func watch(_ server: HostileServer, _ extra: [String] = []) throws -> (run: Run, peakMB: Int) {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = folder.path("v.log")
        let run = try runViewer(["a3f9", "--server", server.url, "--no-autosave", "--log-file", log,
                                 "--backoff-initial", "0.1", "--backoff-cap", "0.3"] + extra)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let peak = text.range(of: "peak RSS ").map { Int(text[$0.upperBound...].prefix { $0.isNumber }) ?? 0 } ?? 0
        return (run, peak)
    }

    @Test func aGzipEncodedStreamIsRead() throws {
        let (run, _) = try watch(try HostileServer("gzip"))
        #expect(run.status == 0)
        #expect(run.transcript == ["[00:01] 壓縮的句子。", "  → A compressed sentence."])
    }

    @Test func aRedirectToAnotherHostIsNotFollowed() throws {
        let (run, _) = try watch(try HostileServer("redirect"))
        #expect(run.status == 1)
        #expect(run.stderr.contains("the server redirected the stream to http://elsewhere.invalid/steal (HTTP 302); vas-view follows redirects only within the same server"))
    }

    @Test func aTwentyMegabyteLineIsDroppedAndTheRestShown() throws {
        let (run, peak) = try watch(try HostileServer("giant"))
        #expect(run.status == 0)
        #expect(run.transcript == ["[00:01] 之前。", "  → Before.", "[00:02] 之後。", "  → After."])
        #expect(run.stderr.contains("dropped an SSE line of more than 16777216 bytes"))
        #expect(peak > 0 && peak < 120, "peak RSS \(peak) MB")
    }

    @Test func anEndlessLineKeepsMemoryBounded() throws {
        let (run, peak) = try watch(try HostileServer("endless"))
        #expect(run.status == 0)
        #expect(run.transcript.suffix(2) == ["[00:02] 之後。", "  → After."])
        #expect(peak > 0 && peak < 120, "peak RSS \(peak) MB for 40 MB without a newline")
    }

    @Test func invalidUTF8BecomesReplacementCharacters() throws {
        let (run, _) = try watch(try HostileServer("utf8"))
        #expect(run.status == 0)
        #expect(run.transcript.first == "[00:01] bad \u{FFFD}\u{FFFD} bytes \u{FFFD}( here")
    }

    @Test func aHundredThousandUnknownEventsAreCountedNotShouted() throws {
        let (run, peak) = try watch(try HostileServer("unknown"))
        #expect(run.status == 0)
        #expect(run.transcript == ["[00:01] 之前。", "  → Before.", "[00:02] 之後。", "  → After."])
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("mystery") }
        #expect(warnings.count == 3 + 5)  // three, then at 10, 100, 1,000, 10,000 and 100,000
        #expect(warnings.last?.hasSuffix("(100000 times so far)") == true)
        // Alone 32 MB (44 before the flow gate). Under the whole end-to-end suite's load it reached
        // 84 MB twice in eight runs, cause not found yet (not the decoded backlog: the gate bounds
        // it). 120 MB, as for the giant and endless lines, still fails a leak of 1 KB an event.
        #expect(peak > 0 && peak < 120, "peak RSS \(peak) MB")
    }

    @Test func aConnectionClosedInsideATTSReadyReconnects() throws {
        let (run, _) = try watch(try HostileServer("midtts"), ["--lang", "en-US", "--tts", "--audio-driver", "alsa",
                                                               "--audio-device", "no-such-device"])
        #expect(run.status == 0)
        #expect(run.transcript == ["[00:01] 說。", "  → Spoken.", "[00:02] 再說。", "  → Again."])
        #expect(run.stdout.contains("# connection lost: the server closed the connection"))
    }

    /// A captive portal's page: said, never shown as subtitles, given up on after a few tries.
    @Test func anHTMLPageIsSaidNotShownAndGivenUpOn() throws {
        let (run, _) = try watch(try HostileServer("html"))
        #expect(run.status == 1)
        #expect(run.stdout.contains("the server answered with an HTML page (text/html"), "\(run.stdout)")
        #expect(run.stderr.contains("not a VAS event stream, 3 times: a login page or a proxy?"), "\(run.stderr)")
        #expect(!run.stdout.contains("Wi-Fi"))  // the page itself is never shown as subtitles
    }

    @Test func aSlowDripOfBytesStillMakesSentences() throws {
        let (run, _) = try watch(try HostileServer("drip", ["0.01"]))
        #expect(run.status == 0)
        #expect(run.transcript == ["[00:01] 慢。", "  → Slow."])
    }

    @Test func aCertificateThatDoesNotVerifyStopsWithASentence() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let made = try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                                 "-keyout", folder.path("key.pem"), "-out", folder.path("cert.pem")])
        try #require(made.status == 0, "\(made.stderr)")
        let server = try HostileServer("tls", [folder.path("cert.pem"), folder.path("key.pem")])
        #expect(server.url.hasPrefix("https://"))
        let (refused, _) = try watch(server)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("TLS certificate could not be verified"))
        #expect(refused.stderr.contains("--insecure"))
        let (trusted, _) = try watch(server, ["--insecure"])
        #expect(trusted.status == 0)
        #expect(trusted.stderr.contains("--insecure: the server's TLS certificate is NOT verified"))
        #expect(trusted.transcript == ["[00:01] 壓縮的句子。", "  → A compressed sentence."])
    }
}

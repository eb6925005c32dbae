import BroadcastCore
import Foundation
import Testing
import TestSupport
@testable import ViewerTUI
import BroadcastModel

/// Plain mode's own logic, without a terminal: a scripted network, a fake sound device,
/// the transcript written to a file.
struct PlainRunResult {
    var code: Int32
    var output: String
    var devices: FakeDevices
}

/// A live broadcast whose two spoken sentences arrive just before it ends.
func spokenStream() throws -> [String] {
    let audio = Data(try Fixtures.bytes("audio/short-en.mp3")).base64EncodedString()
    let connected = #"event: connected\#ndata: {"available_langs":["en-US"],"tts_languages":["en-US"],"phase":"live","recognition_mode":"single"}\#n\#n"#
    var events = [connected]
    for sid in 1...2 {
        events.append(#"event: origin\#ndata: {"sid":\#(sid),"text":"句子\#(sid)。","is_final":true,"start_time":"00:0\#(sid)"}\#n\#n"#)
        events.append(#"event: translation\#ndata: {"sid":\#(sid),"language":"en-US","text":"Sentence \#(sid).","is_final":true}\#n\#n"#)
        events.append(#"event: tts_ready\#ndata: {"sid":\#(sid),"language":"en-US","text":"Sentence \#(sid).","audio":"\#(audio)","duration_ms":800}\#n\#n"#)
    }
    events.append(#"event: ended\#ndata: {"message":"Broadcast has ended"}\#n\#n"#)
    return events
}

func runPlain(_ stream: [String], speech: Bool) async throws -> PlainRunResult {
    let info = ScriptedTransport.Answer(status: 200, headers: ["content-type": "application/json"],
                                        body: [#"{"data":{"name":"Talk","translation_languages":["en-US"],"tts_languages":["en-US"]}}"#])
    let transport = ScriptedTransport([info, .init(body: stream)])
    let session = BroadcastSession(endpoints: try Endpoints(server: "https://vas.test", token: "a3f9"),
                                   options: SessionOptions(language: "en-US", tts: speech), transport: transport, passwords: NoPassword())
    let devices = FakeDevices()
    var options = SpeechControl.Options()
    options.openOutput = devices.factory
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-plain-\(UUID()).txt").path
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer { close(fd); unlink(path) }
    var live = LivePlain(session: session, language: "en-US", saving: SaveTarget(), autosave: nil, token: "a3f9",
                         speech: speech ? options : nil)
    live.output = BufferedWriter(fd: fd)
    live.catchesSignals = false
    let code = await live.run(server: "https://vas.test") { _ in "en-US" }
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return PlainRunResult(code: code, output: text, devices: devices)
}

@Suite(.timeLimit(.minutes(1))) struct PlainModeTests {
    /// Plain mode says it has taken each update, so the session reads on past its gate
    /// (`FlowGate`, 4,096 items): 6,000 unknown events between two sentences, then the end.
    /// Without it the broadcast would stop at the gate and this test would run out of time.
    @Test func aBroadcastLongerThanTheFlowGateIsReadToItsEnd() async throws {
        let connected = #"event: connected\#ndata: {"available_langs":["en-US"],"phase":"live","recognition_mode":"single"}\#n\#n"#
        let unknown = String(repeating: "event: mystery\ndata: {}\n\n", count: 1_000)
        var stream = [connected,
                      #"event: origin\#ndata: {"sid":1,"text":"之前。","is_final":true,"start_time":"00:01"}\#n\#n"#]
        stream += Array(repeating: unknown, count: 6)
        stream += [#"event: origin\#ndata: {"sid":2,"text":"之後。","is_final":true,"start_time":"00:02"}\#n\#n"#,
                   #"event: ended\#ndata: {"message":"Broadcast has ended"}\#n\#n"#]
        let result = try await runPlain(stream, speech: false)
        #expect(result.code == 0)
        #expect(result.output.contains("之前。") && result.output.contains("之後。"))
        #expect(result.output.hasSuffix("# the broadcast has ended\n"))
    }

    /// Issue "Tests that bite", point 7: when the broadcast ends, plain mode says what is still
    /// queued before it returns (the end of a talk is not cut off).
    @Test func whatIsQueuedIsSaidBeforePlainModeEnds() async throws {
        let result = try await runPlain(try spokenStream(), speech: true)
        #expect(result.code == 0)
        #expect(result.output.hasSuffix("# the broadcast has ended\n"))
        let oneSentence = try MP3Decoder.decode(try Fixtures.bytes("audio/short-en.mp3")).samples.count
        let device = try #require(result.devices.last)
        #expect(device.written.count == 2 * oneSentence)  // both sentences, whole
        #expect(device.drains == 1)  // and the device played out what it held
    }

    @Test func theTranscriptIsPrintedWithTheEndLast() async throws {
        let result = try await runPlain(try spokenStream(), speech: false)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { !$0.hasPrefix("#") } == ["[00:01] 句子1。", "  → Sentence 1.", "[00:02] 句子2。", "  → Sentence 2."])
        #expect(lines.last == "# the broadcast has ended")
        #expect(result.devices.last == nil)  // no speech asked for: no device opened
    }
}

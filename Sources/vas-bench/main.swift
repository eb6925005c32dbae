// vas-bench: the performance figures of docs/performance.md.
// Build optimised and run with `make bench`. Each figure is the best of several
// runs over the same bytes, fed in 16 KiB chunks as a network would deliver them.
import BroadcastCore
import Foundation
import BroadcastModel
import ViewerTUI

let chunkSize = 16 * 1024
let repetitions = 5

/// The best (shortest) time of `repetitions` runs of `body`.
func best(_ body: () -> Int) -> (seconds: Double, result: Int) {
    var fastest = Double.infinity
    var result = 0
    for _ in 0..<repetitions {
        let start = ContinuousClock.now
        result = body()
        fastest = min(fastest, (ContinuousClock.now - start).inSeconds)
    }
    return (fastest, result)
}

// MARK: - Streams

/// A realistic subtitle stream: each sentence has two partials, a final, and
/// two translations; a heartbeat every 50 events.
func subtitleStream(sentences: Int) -> (bytes: [UInt8], events: Int) {
    var text = ""
    var events = 0
    let zh = ["大家好，歡迎來到今天的發表會", "我們今天要介紹全新的產品線", "請問價格是多少", "價格會在下週公布，謝謝大家"]
    let en = ["Hello everyone, welcome to today's presentation", "Today we will introduce our new product line",
              "May I ask what the price is", "The price will be announced next week, thank you"]
    func add(_ type: String, _ json: String) {
        text += "event: \(type)\ndata: \(json)\n\n"
        events += 1
        if events % 50 == 0 { text += ": heartbeat\n\n" }
    }
    text += "event: connected\ndata: {\"available_langs\":[\"en-US\",\"ja-JP\"],\"tts_languages\":[\"en-US\"],\"phase\":\"live\",\"recognition_mode\":\"multi_speaker\"}\n\n"
    for sid in 1...sentences {
        let line = zh[sid % zh.count], english = en[sid % en.count]
        let speaker = "\"speaker_id\":\"Guest-\(sid % 3 + 1)\",\"speaker_label\":\"Guest-\(sid % 3 + 1)\""
        let time = String(format: "%02d:%02d", sid / 60 % 60, sid % 60)
        let prefix = String(line.prefix(line.count / 2))
        add("origin", "{\"sid\":\(sid),\"text\":\"\(prefix)\",\"is_final\":false,\"language\":\"zh-TW\",\(speaker),\"start_time\":\"\(time)\"}")
        add("origin", "{\"sid\":\(sid),\"text\":\"\(line)\",\"is_final\":false,\"language\":\"zh-TW\",\(speaker),\"start_time\":\"\(time)\"}")
        add("origin", "{\"sid\":\(sid),\"text\":\"\(line)。\",\"is_final\":true,\"language\":\"zh-TW\",\(speaker),\"start_time\":\"\(time)\"}")
        add("translation", "{\"sid\":\(sid),\"language\":\"en-US\",\"text\":\"\(english).\",\(speaker),\"is_final\":true}")
        add("translation", "{\"sid\":\(sid),\"language\":\"ja-JP\",\"text\":\"皆さん、こんにちは。本日の発表会へようこそ。\",\(speaker),\"is_final\":true}")
    }
    return (Array(text.utf8), events + 1)
}

/// `tts_ready` events of ~200 KB of base64 audio each, with their sentences.
func ttsStream(events: Int) -> (bytes: [UInt8], events: Int) {
    var generator = SystemRandomNumberGenerator()
    let audio = Data((0..<150_000).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    var text = ""
    for sid in 1...events {
        text += "event: origin\ndata: {\"sid\":\(sid),\"text\":\"謝謝大家\",\"is_final\":true}\n\n"
        text += "event: tts_ready\ndata: {\"sid\":\(sid),\"language\":\"en-US\",\"text\":\"Thank you all\",\"audio\":\"\(audio)\",\"format\":\"mp3\",\"duration_ms\":9400,\"boundaries\":[{\"offset_ms\":0,\"duration_ms\":300,\"text\":\"Thank\",\"text_offset\":0,\"word_length\":5}]}\n\n"
    }
    return (Array(text.utf8), events * 2)
}

// MARK: - Measurements

/// `bytes` in `chunkSize` pieces, as a network delivers them.
func forEachChunk(of bytes: [UInt8], _ body: (UnsafeRawBufferPointer) -> Void) {
    bytes.withUnsafeBytes { all in
        var offset = 0
        while offset < all.count {
            let end = min(all.count, offset + chunkSize)
            body(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
            offset = end
        }
    }
}

/// Decoded and applied chunk by chunk, as the viewer does; `afterChunk` sees the model after each.
func feed(_ bytes: [UInt8], into model: inout Broadcast, afterChunk: (Broadcast) -> Void = { _ in }) {
    var decoder = EventStreamDecoder()
    forEachChunk(of: bytes) { chunk in
        for item in decoder.feed(chunk) { model.apply(item) }
        afterChunk(model)
    }
}

func parseOnly(_ bytes: [UInt8]) -> Int {
    var parser = SSEParser()
    var count = 0
    forEachChunk(of: bytes) { chunk in
        for item in parser.feed(chunk) {
            if case .event = item { count += 1 }
        }
    }
    return count
}

func endToEnd(_ bytes: [UInt8]) -> Int {
    var model = Broadcast()
    feed(bytes, into: &model)
    precondition(model.counts.malformedEvents == 0 && model.counts.unknownEvents == 0)
    return model.counts.events
}

struct FoundationOrigin: Decodable {
    let sid: Int, text: String, is_final: Bool?, language: String?
    let speaker_id: String?, speaker_label: String?, start_time: String?
}

func report(_ name: String, _ value: Double, _ unit: String, target: String = "") {
    let figure = value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
    print(name.padding(toLength: 52, withPad: " ", startingAt: 0), figure.leftPad(12), unit.padding(toLength: 10, withPad: " ", startingAt: 0), target)
}

extension String {
    func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

ProcessResources.useOneMallocArena()  // as the viewer does
let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
print("vas-bench — \(machine), best of \(repetitions) runs, \(chunkSize / 1024) KiB chunks\n")

let subtitles = subtitleStream(sentences: 40_000)
let tts = ttsStream(events: 200)
let megabytes = { (bytes: [UInt8]) in Double(bytes.count) / 1e6 }

let parseSubtitles = best { parseOnly(subtitles.bytes) }
precondition(parseSubtitles.result == subtitles.events)
report("SSE parser, subtitle stream (\(String(format: "%.1f", megabytes(subtitles.bytes))) MB)",
       megabytes(subtitles.bytes) / parseSubtitles.seconds, "MB/s")
report("SSE parser, subtitle stream", Double(subtitles.events) / parseSubtitles.seconds, "events/s")

let parseTTS = best { parseOnly(tts.bytes) }
precondition(parseTTS.result == tts.events)
report("SSE parser, tts_ready stream (\(String(format: "%.1f", megabytes(tts.bytes))) MB)",
       megabytes(tts.bytes) / parseTTS.seconds, "MB/s", target: "target ≥ 1000")

let pipeline = best { endToEnd(subtitles.bytes) }
report("parse + decode + apply, subtitle stream", Double(pipeline.result) / pipeline.seconds, "events/s",
       target: "target ≥ 200000")

// The same bytes through mattt/EventSource's parser, in the same run: `make bench` builds
// .build/release/eventsource-bench from that package's checkout (scripts/eventsource-bench),
// which feeds it a byte at a time, as the package does. A smaller stream: it is much slower.
do {
    let sample = subtitleStream(sentences: 200)
    let ours = best { parseOnly(sample.bytes) }
    precondition(ours.result == sample.events)
    let mb = megabytes(sample.bytes)
    report("SSE parser, vas-view (\(String(format: "%.1f", mb)) MB, \(sample.events) events)", mb / ours.seconds, "MB/s")
    let tool = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("eventsource-bench")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("vas-bench-\(UUID()).sse")
    if FileManager.default.isExecutableFile(atPath: tool.path), (try? Data(sample.bytes).write(to: file)) != nil {
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = tool
        process.arguments = [file.path]
        let out = Pipe()
        process.standardOutput = out
        try? process.run()
        let answer = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ")
        process.waitUntilExit()
        if answer.count == 2, let seconds = Double(answer[0]), let events = Int(answer[1].trimmed) {
            precondition(events == sample.events, "EventSource saw \(events) events, we \(sample.events)")
            report("SSE parser, mattt/EventSource 1.1.1, same bytes", mb / seconds, "MB/s")
            report("  vas-view ÷ EventSource", seconds / ours.seconds, "×")
        }
    } else {
        print("(mattt/EventSource comparison skipped: run `make bench`, which builds eventsource-bench)")
    }
}

let ttsPipeline = best { endToEnd(tts.bytes) }
report("parse + decode + apply, tts_ready stream", megabytes(tts.bytes) / ttsPipeline.seconds, "MB/s")

// The JSON choice: the same origin payloads through our reader and Foundation's decoder.
let payloads = (0..<100_000).map {
    "{\"sid\":\($0),\"text\":\"大家好，歡迎來到今天的發表會\",\"is_final\":true,\"language\":\"zh-TW\",\"speaker_id\":\"Guest-1\",\"speaker_label\":\"Royx\",\"start_time\":\"01:05\"}"
}
let ours = best {
    var n = 0
    for payload in payloads {
        if case .event = BroadcastEventDecoder.decode(SSEEvent(type: "origin", data: payload)) { n += 1 }
    }
    return n
}
let decoder = JSONDecoder()
let foundation = best {
    var n = 0
    for payload in payloads where (try? decoder.decode(FoundationOrigin.self, from: Data(payload.utf8))) != nil { n += 1 }
    return n
}
report("origin decode, vas-view JSONReader (+ sanitiser)", Double(payloads.count) / ours.seconds, "events/s")
report("origin decode, Foundation JSONDecoder", Double(payloads.count) / foundation.seconds, "events/s")

// Parse + decode + apply + render: the viewer's whole path, one frame drawn to a grid per
// 16 KiB chunk (the UI draws once per batch of what arrived).
do {
    let frames = best {
        var model = Broadcast()
        var ui = ViewerUI(server: "https://vas.test", token: "a3f9", language: "en-US")
        _ = ui.apply(.connected, to: &model, now: 0)
        var cells = 0
        feed(subtitles.bytes, into: &model) { cells &+= Renderer.render($0, ui, columns: 120, rows: 40, now: 0).cells.count }
        precondition(cells > 0)
        return model.counts.events
    }
    report("parse+decode+apply+render, 120×40 frame per chunk", Double(frames.result) / frames.seconds, "events/s")
}

// The screen: a whole frame rendered from the model (the 40,000-sentence transcript
// above), following the newest sentence and scrolled to the middle.
var bigModel = Broadcast()
do {
    let before = ProcessResources.residentMB
    // Fed in chunks as the network delivers them, so that no array of every event inflates the figure.
    feed(subtitles.bytes, into: &bigModel)
    let sentences = bigModel.transcript.allSentences.count
    report("memory per 10,000 sentences (of \(sentences), 3 languages)", (ProcessResources.residentMB - before) * 10_000 / Double(sentences), "MB")
}
// A rename relabels the sentences of its speaker in place. (It used to iterate the array
// it wrote to, which copied every sentence on each rename: 40,000 per rename here.)
do {
    let renames = 200
    let timed = best { () -> Int in
        var model = bigModel
        for n in 0..<renames {
            model.apply(.event(.speakerRenamed(SpeakerRenamed(speakerID: "Guest-\(n % 3 + 1)", newLabel: "Name \(n)"))))
        }
        return model.transcript.current.sentences.count
    }
    report("speaker rename, 40,000-sentence transcript", timed.seconds / Double(renames) * 1e3, "ms")
}
for (columns, rows) in [(80, 24), (200, 50)] {
    var ui = ViewerUI(server: "https://vas.test", token: "a3f9", language: "en-US")
    _ = ui.apply(.connected, to: &bigModel, now: 0)
    let frames = 2000
    let follow = best {
        var cells = 0
        for _ in 0..<frames { cells &+= Renderer.render(bigModel, ui, columns: columns, rows: rows, now: 0).cells.count }
        return cells
    }
    report("render a frame, \(columns)×\(rows), following (40k sentences)", follow.seconds / Double(frames) * 1e6, "µs/frame",
           target: "event→screen < 17 ms")
    ui = ui.scrolled(toSentence: 20_000)
    let middle = best {
        var cells = 0
        for _ in 0..<frames { cells &+= Renderer.render(bigModel, ui, columns: columns, rows: rows, now: 0).cells.count }
        return cells
    }
    report("render a frame, \(columns)×\(rows), scrolled to the middle", middle.seconds / Double(frames) * 1e6, "µs/frame")
}

// MARK: - Spoken translation

/// The committed real MP3s (espeak-ng + lame), as tts_ready would carry them.
let speechFixtures: [TTSReady] = ["sid1-en", "sid2-en", "sid4-en", "sid5-en"].enumerated().compactMap { index, name in
    guard let data = FileManager.default.contents(atPath: "Tests/Fixtures/audio/\(name).mp3") else { return nil }
    let audio = data.base64EncodedString()
    let durationMs = (try? MP3Decoder.decode(base64: audio)).map { Int($0.durationMs) }  // as the service sends it
    return TTSReady(sid: index + 1, language: "en-US", text: name, audio: audio, format: "mp3", durationMs: durationMs)
}
if speechFixtures.count < 4 {
    print("\n(spoken translation figures skipped: run from the repository's top folder, where Tests/Fixtures/audio is)")
} else {
    print("")
    let pcms = speechFixtures.map { try! MP3Decoder.decode(base64: $0.audio) }
    let audioSeconds = pcms.reduce(0) { $0 + $1.durationMs / 1000 }
    let decode = best {
        var samples = 0
        for event in speechFixtures { samples &+= (try? MP3Decoder.decode(base64: event.audio))?.samples.count ?? 0 }
        return samples
    }
    report("MP3 decode (base64 + mpg123), real speech", audioSeconds / decode.seconds, "× realtime")

    func cpuSeconds() -> Double { ProcessResources.peakAndCPU.cpuSeconds }

    // tts_ready handed to the player → its first PCM written to the device, one sentence at a time
    // (the player idle each time). ALSA's built-in "null" PCM: a real libout123 device, no sound card needed.
    var settings = SpeechPlayer.Settings()
    settings.paceAhead = nil  // measure the path, not the playing
    let player = SpeechPlayer(settings: settings, language: "en-US",
                              openOutput: AudioDevice.factory(drivers: "alsa", device: "null"), onEvent: { _ in })
    for round in 0..<40 {
        var event = speechFixtures[round % speechFixtures.count]
        event.sid = round + 1
        player.offer(event)
        player.waitUntilIdle()
    }
    let latencies = player.stats.firstSoundLatencies
    player.stop()
    if latencies.count == 40 {
        let warm = latencies.dropFirst().sorted()
        report("tts_ready → first PCM, first (opens the device)", latencies[0] * 1000, "ms")
        report("tts_ready → first PCM, device open, p50", warm[warm.count / 2] * 1000, "ms", target: "target < 30")
        report("tts_ready → first PCM, device open, max of 39", warm.last! * 1000, "ms", target: "target < 30")
    } else {
        print("(tts_ready → first PCM skipped: ALSA's null device did not open here)")
    }

    // CPU while speaking: the four sentences played at real speed (paced) into the null device.
    var pacedSettings = SpeechPlayer.Settings()
    pacedSettings.maxLag = 60  // all four are offered at once; say them all
    let paced = SpeechPlayer(settings: pacedSettings, language: "en-US",
                             openOutput: AudioDevice.factory(drivers: "alsa", device: "null"), onEvent: { _ in })
    let cpuBefore = cpuSeconds()
    let wallBefore = ContinuousClock.now
    for event in speechFixtures { paced.offer(event) }
    paced.waitUntilIdle()
    let wall = (ContinuousClock.now - wallBefore).inSeconds
    let cpu = cpuSeconds() - cpuBefore
    paced.stop()
    report("CPU while speaking (\(String(format: "%.1f", wall)) s wall, \(String(format: "%.1f", audioSeconds)) s of speech)", cpu / wall * 100, "% CPU")
}

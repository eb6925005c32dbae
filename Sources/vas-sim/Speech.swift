import Foundation

/// Spoken translation in a live broadcast: espeak-ng speaks a translation into a WAV file, lame
/// encodes it as MP3, and the word boundaries are placed over the voiced part of the audio. Both
/// are programs run for each sentence (Debian's `espeak-ng` and `lame`; `make deps` installs them),
/// so vas-sim builds without them and offers no speech when they are missing.
struct SpeechTools: Sendable {
    let espeak: String
    let lame: String

    /// The two programs on PATH, or what is missing.
    static func find(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> Result<SpeechTools, Missing> {
        let folders = (path ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        func locate(_ name: String) -> String? {
            folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        let espeak = locate("espeak-ng")
        let lame = locate("lame")
        guard let espeak, let lame else {
            return .failure(Missing(names: [espeak == nil ? "espeak-ng" : nil, lame == nil ? "lame" : nil].compactMap { $0 }))
        }
        return .success(SpeechTools(espeak: espeak, lame: lame))
    }

    struct Missing: Error, Sendable {
        let names: [String]
        var sentence: String {
            "no spoken translation: \(names.joined(separator: " and ")) \(names.count == 1 ? "is" : "are") not installed (make deps installs them; Debian: apt-get install espeak-ng lame)"
        }
    }

    /// A sentence spoken: the MP3, how long it lasts, and where each word is said.
    struct Spoken: Sendable {
        let mp3: Data
        let durationMs: Int
        let boundaries: [Boundary]
    }

    struct Boundary: Sendable, Equatable {
        let offsetMs: Int
        let durationMs: Int
        let text: String
        /// In UTF-16 code units of the translated text (the service's reference client is JavaScript).
        let textOffset: Int
        let wordLength: Int

        var fields: [String: Any] {
            ["offset_ms": offsetMs, "duration_ms": durationMs, "text": text, "text_offset": textOffset, "word_length": wordLength]
        }
    }

    struct Failure: Error, Sendable { let description: String }

    /// espeak-ng's voice for a language: the one given, else the language's own (en-US → en-us),
    /// else its first part (ja-JP → ja); Chinese is Mandarin (cmn) or, for zh-HK, Cantonese (yue).
    static func voice(for language: String) -> String {
        let lower = language.lowercased()
        if lower == "zh-hk" || lower.hasPrefix("yue") { return "yue" }
        if lower.hasPrefix("zh") || lower.hasPrefix("cmn") { return "cmn" }
        if ["en-us", "en-gb", "fr-fr", "pt-br", "es-419"].contains(lower) { return lower }
        return String(lower.split(separator: "-").first ?? Substring(lower))
    }

    func speak(_ text: String, voice: String) async throws(Failure) -> Spoken {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vas-sim-speech-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot make a temporary folder: \(error.localizedDescription)")
        }
        let wav = folder.appendingPathComponent("s.wav").path
        let mp3 = folder.appendingPathComponent("s.mp3").path
        try await Self.run(espeak, ["-v", voice, "-w", wav, "--", text])
        guard let wave = FileManager.default.contents(atPath: wav), let pcm = Wave(wave) else {
            throw Failure(description: "espeak-ng wrote no WAV audio")
        }
        try await Self.run(lame, ["--quiet", "-m", "m", "-b", "48", wav, mp3])
        guard let encoded = FileManager.default.contents(atPath: mp3), !encoded.isEmpty else {
            throw Failure(description: "lame wrote no MP3")
        }
        let voiced = pcm.voicedSpan()
        return Spoken(mp3: encoded, durationMs: pcm.durationMs,
                      boundaries: Self.boundaries(text, fromMs: voiced.lowerBound, toMs: voiced.upperBound))
    }

    /// The words of `text` laid over the voiced part of the audio (`fromMs`–`toMs`), each for a time
    /// in proportion to its letters: espeak-ng's command line gives no word timings, and within a
    /// sentence a word's length tracks its letters well enough to follow along. Words are what
    /// spaces separate, punctuation kept with them; Chinese and Japanese characters, written without
    /// spaces, are split at their punctuation and in runs of four. A mark alone (—) is no word.
    static func boundaries(_ text: String, fromMs: Int, toMs: Int) -> [Boundary] {
        let words = self.words(text)
        let weights = words.map { word in max(1, word.text.filter { $0.isLetter || $0.isNumber }.count) }
        let total = weights.reduce(0, +)
        guard total > 0, toMs > fromMs else { return [] }
        var boundaries: [Boundary] = []
        var before = 0
        for (word, weight) in zip(words, weights) {
            let start = fromMs + (toMs - fromMs) * before / total
            before += weight
            let end = fromMs + (toMs - fromMs) * before / total
            boundaries.append(Boundary(offsetMs: start, durationMs: max(1, end - start), text: word.text,
                                       textOffset: word.offset, wordLength: word.text.utf16.count))
        }
        return boundaries
    }

    /// Han, kana and hangul: scripts written without spaces between words.
    static func isUnspaced(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0xAC00...0xD7AF: true
            default: false
            }
        }
    }

    static func words(_ text: String) -> [(text: String, offset: Int)] {
        var found: [(text: String, offset: Int)] = []
        var current = ""
        var start = 0
        var offset = 0
        var cjkRun = 0
        func flush() {
            // A mark alone (—, …) is not a word to highlight.
            if current.contains(where: { $0.isLetter || $0.isNumber }) { found.append((current, start)) }
            current = ""
            cjkRun = 0
        }
        for character in text {
            let width = character.utf16.count
            let unspaced = isUnspaced(character)
            if character.isWhitespace {
                flush()
            } else if character.isPunctuation, cjkRun > 0 || current.isEmpty || isUnspaced(current.last!) {
                // Chinese and Japanese punctuation ends a run; elsewhere a mark stays with its word.
                flush()
            } else {
                // A run of CJK characters and a Latin word next to each other are two words.
                if !current.isEmpty, unspaced != (cjkRun > 0) { flush() }
                if current.isEmpty { start = offset }
                current.append(character)
                if unspaced {
                    cjkRun += 1
                    if cjkRun == 4 { flush() }
                }
            }
            offset += width
        }
        flush()
        return found
    }

    /// Runs a program to its end; a failure says which and why.
    static func run(_ program: String, _ arguments: [String]) async throws(Failure) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let status: Int32
        do {
            status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do { try process.run() } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } catch {
            throw Failure(description: "cannot run \(program): \(error.localizedDescription)")
        }
        guard status == 0 else {
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "\((program as NSString).lastPathComponent) failed (exit \(status))\(said.isEmpty ? "" : ": \(said)")")
        }
    }
}

/// A 16-bit PCM WAV file, as espeak-ng writes one.
struct Wave {
    let sampleRate: Int
    let channels: Int
    let samples: [Int16]

    init?(_ data: Data) {
        let bytes = [UInt8](data)
        guard bytes.count >= 12, String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF",
              String(decoding: bytes[8..<12], as: UTF8.self) == "WAVE" else { return nil }
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        var at = 12
        var rate: Int?, channels: Int?, bits: Int?
        while at + 8 <= bytes.count {
            let id = String(decoding: bytes[at..<at + 4], as: UTF8.self)
            // espeak-ng writing to a file it cannot seek leaves the sizes at 0x7fffffff: read to the end.
            let size = min(u32(at + 4), bytes.count - at - 8)
            let body = at + 8
            if id == "fmt ", size >= 16 {
                channels = u16(body + 2)
                rate = u32(body + 4)
                bits = u16(body + 14)
            } else if id == "data" {
                guard let rate, let channels, bits == 16, rate > 0, channels > 0 else { return nil }
                var samples: [Int16] = []
                samples.reserveCapacity(size / 2)
                var index = body
                while index + 1 < body + size {
                    samples.append(Int16(bitPattern: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8))
                    index += 2
                }
                self.sampleRate = rate
                self.channels = channels
                self.samples = samples
                return
            }
            at = body + size + (size & 1)
        }
        return nil
    }

    var durationMs: Int { samples.count * 1000 / (sampleRate * channels) }

    /// From the first to the last sample louder than the silence around speech, in milliseconds.
    func voicedSpan(threshold: Int16 = 300) -> Range<Int> {
        let loud = { (sample: Int16) in sample > threshold || sample < -threshold }
        guard let first = samples.firstIndex(where: loud), let last = samples.lastIndex(where: loud) else { return 0..<durationMs }
        let perMs = sampleRate * channels
        return (first * 1000 / perMs)..<((last + 1) * 1000 / perMs)
    }
}

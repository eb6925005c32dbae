
/// What became of one SSE event.
public enum DecodedEvent: Equatable, Sendable {
    case event(BroadcastEvent)
    /// An event type the document does not define: ignored and counted.
    case unknown(type: String)
    /// A known type whose data could not be read: a diagnostic; the stream goes on.
    case malformed(type: String, reason: String)
}

/// Turns SSE events into `BroadcastEvent`s, tolerantly: unknown fields are
/// skipped, unknown types reported, bad data reported — never a crash.
public enum BroadcastEventDecoder {
    private static let knownTypes = Set(BroadcastEvent.typeNames)

    public static func decode(_ sse: SSEEvent) -> DecodedEvent {
        let type = sse.type
        switch type {
        case "recording_started": return .event(.recordingStarted)
        case "access_type_changed": return .event(.accessTypeChanged)
        case "pass_code_changed": return .event(.passCodeChanged)
        default:
            guard knownTypes.contains(type) else { return .unknown(type: TextSanitizer.clean(type)) }
        }
        if let text = plainTextMessage(type: type, data: sse.data) {
            return .event(messageEvent(type, text))
        }
        var data = sse.data
        let result: Result<BroadcastEvent, JSONError> = data.withUTF8 { bytes in
            var reader = JSONReader(bytes)
            do throws(JSONError) {
                reader.skipWhitespace()
                let event = try decodeBody(type: type, &reader)
                try reader.finish()
                return .success(event)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let event): return .event(event)
        case .failure(let error):
            // A state change must not be lost to a broken message: the event stands, with its
            // data as the message (never a crash, never dropped).
            if statusTypes.contains(type) {
                let raw = TextSanitizer.clean(sse.data.trimmingWhitespace())
                return .event(messageEvent(type, raw.isEmpty ? nil : raw))
            }
            return .malformed(type: type, reason: error.description)
        }
    }

    /// The events whose data is a message and nothing else (`admitted`, `paused`, `resumed`,
    /// `ended`, `kicked`) or a message with translations (`standby`, `announcement`).
    static let messageTypes: Set<String> = ["admitted", "paused", "resumed", "ended", "kicked", "standby", "announcement"]
    /// The message-only events: each changes the viewer's state, whatever its message.
    static let statusTypes: Set<String> = ["admitted", "paused", "resumed", "ended", "kicked"]

    /// A message event whose data is not JSON: a server (or a proxy) that sends
    /// `data: Removed by the host` still means `kicked`. The text, trimmed and
    /// sanitised, is the message (empty: none). Data that starts like JSON is read as
    /// JSON (nil here). See docs/api-assumptions.md.
    static func plainTextMessage(type: String, data: String) -> String?? {
        guard messageTypes.contains(type) else { return nil }
        let trimmed = data.trimmingWhitespace()
        if let first = trimmed.unicodeScalars.first, first == "{" || first == "[" || first == "\"" { return nil }
        let clean = TextSanitizer.clean(trimmed)
        // An announcement without words says nothing: reported as malformed, not shown empty.
        if clean.isEmpty, type == "announcement" { return nil }
        return .some(clean.isEmpty ? nil : clean)
    }

    private static func messageEvent(_ type: String, _ message: String?) -> BroadcastEvent {
        switch type {
        case "admitted": .admitted(message: message)
        case "paused": .paused(message: message)
        case "resumed": .resumed(message: message)
        case "ended": .ended(message: message)
        case "kicked": .kicked(message: message)
        case "standby": .standby(LocalizedMessage(original: message ?? ""))
        default: .announcement(LocalizedMessage(original: message ?? ""))
        }
    }

    /// A comment line: `heartbeat` is the server's liveness signal.
    public static func decode(comment: String) -> BroadcastEvent? {
        comment.trimmingASCIISpaces == "heartbeat" ? .heartbeat : nil
    }

    private static func decodeBody(type: String, _ reader: inout JSONReader) throws(JSONError) -> BroadcastEvent {
        switch type {
        case "connected": return .connected(try connected(&reader))
        case "queued": return .queued(try queued(&reader))
        case "admitted": return .admitted(message: try message(&reader))
        case "origin": return .origin(try origin(&reader))
        case "translation": return .translation(try translation(&reader))
        case "tts_ready": return .ttsReady(try ttsReady(&reader))
        case "paused": return .paused(message: try message(&reader))
        case "resumed": return .resumed(message: try message(&reader))
        case "ended": return .ended(message: try message(&reader))
        case "kicked": return .kicked(message: try message(&reader))
        case "speaker_renamed": return .speakerRenamed(try speakerRenamed(&reader))
        case "speaker_reassigned": return .speakerReassigned(try speakerReassigned(&reader))
        case "speakers_merged": return .speakersMerged(try speakersMerged(&reader))
        case "max_viewers_changed": return .maxViewersChanged(maxViewers: try maxViewers(&reader))
        case "standby": return .standby(try localized(&reader))
        case "phase_changed": return .phaseChanged(try phaseChanged(&reader))
        case "announcement": return .announcement(try localized(&reader))
        case "error": return .error(try serverError(&reader))
        default: throw JSONError(message: "no data to read for '\(type)'", offset: 0)  // not reached: see decode(_:)
        }
    }

    // MARK: - One function per event

    private static func connected(_ r: inout JSONReader) throws(JSONError) -> Connected {
        var event = Connected()
        try r.readObject { key, r throws(JSONError) in
            if key == "available_langs" { event.availableLanguages = try r.textArray("available_langs") ?? [] }
            else if key == "tts_languages" { event.ttsLanguages = try r.textArray("tts_languages") }
            else if key == "phase" { event.phase = try r.optionalText("phase").map(BroadcastPhase.init) }
            else if key == "recognition_mode" { event.recognitionMode = try r.optionalText("recognition_mode").map(RecognitionMode.init) }
            else { try r.skipValue() }
        }
        return event
    }

    private static func queued(_ r: inout JSONReader) throws(JSONError) -> Queued {
        var position: Int?
        var wait: String?
        try r.readObject { key, r throws(JSONError) in
            if key == "position" { position = try r.optionalInt("position") }
            else if key == "estimated_wait" { wait = try r.optionalText("estimated_wait") }
            else { try r.skipValue() }
        }
        return Queued(position: try required(position, "position", r), estimatedWait: wait)
    }

    /// `admitted`, `paused`, `resumed`, `ended`, `kicked`: an optional message (an object
    /// with `message`, or a JSON string).
    private static func message(_ r: inout JSONReader) throws(JSONError) -> String? {
        if r.kind == .string { return TextSanitizer.clean(try r.readString()) }
        var message: String?
        try r.readObject { key, r throws(JSONError) in
            if key == "message" { message = try r.optionalText("message") } else { try r.skipValue() }
        }
        return message
    }

    /// The fields `origin` and `translation` share.
    private struct SentenceFields {
        var sid: Int?, text: String?, isFinal: Bool?, language: String?
        var speakerID: String?, speakerLabel: String?, startTime: String?

        /// Reads the value if `key` is one of these fields; false leaves it unread.
        mutating func read(_ key: JSONKey, _ r: inout JSONReader) throws(JSONError) -> Bool {
            if key == "sid" { sid = try r.optionalInt("sid") }
            else if key == "text" { text = try r.optionalText("text") }
            else if key == "is_final" { isFinal = try r.optionalBool("is_final") }
            else if key == "language" { language = try r.optionalText("language") }
            else if key == "speaker_id" { speakerID = try r.optionalText("speaker_id") }
            else if key == "speaker_label" { speakerLabel = try r.optionalText("speaker_label") }
            else if key == "start_time" { startTime = try r.optionalText("start_time") }
            else { return false }
            return true
        }

        static func read(_ r: inout JSONReader) throws(JSONError) -> SentenceFields {
            var fields = SentenceFields()
            try r.readObject { key, r throws(JSONError) in
                if try !fields.read(key, &r) { try r.skipValue() }
            }
            return fields
        }

        var speaker: SpeakerTag { SpeakerTag(id: speakerID, label: speakerLabel) }
    }

    private static func origin(_ r: inout JSONReader) throws(JSONError) -> Origin {
        let f = try SentenceFields.read(&r)
        return Origin(sid: try required(f.sid, "sid", r), text: try required(f.text, "text", r),
                      isFinal: f.isFinal ?? true, language: f.language, speaker: f.speaker, startTime: f.startTime)
    }

    private static func translation(_ r: inout JSONReader) throws(JSONError) -> Translation {
        let f = try SentenceFields.read(&r)
        return Translation(sid: try required(f.sid, "sid", r), language: try required(f.language, "language", r),
                           text: try required(f.text, "text", r), isFinal: f.isFinal ?? true, speaker: f.speaker)
    }

    private static func ttsReady(_ r: inout JSONReader) throws(JSONError) -> TTSReady {
        var sid: Int?, language: String?, transcript: String?, text: String?
        var audio: String?, format: String?, duration: Int?
        var boundaries: [WordBoundary] = []
        try r.readObject { key, r throws(JSONError) in
            if key == "sid" { sid = try r.optionalInt("sid") }
            else if key == "language" { language = try r.optionalText("language") }
            else if key == "transcript" { transcript = try r.optionalText("transcript") }
            else if key == "text" { text = try r.optionalText("text") }
            // Audio is base64, not shown text: kept raw for the audio path to check.
            else if key == "audio" { audio = try r.optionalRawString("audio") }
            else if key == "format" { format = try r.optionalText("format") }
            else if key == "duration_ms" { duration = try r.optionalRoundedInt("duration_ms") }
            else if key == "boundaries" { boundaries = try wordBoundaries(&r) }
            else { try r.skipValue() }
        }
        return TTSReady(sid: try required(sid, "sid", r), language: try required(language, "language", r),
                        transcript: transcript, text: text, audio: try required(audio, "audio", r),
                        format: format, durationMs: duration, boundaries: boundaries)
    }

    /// Word boundaries are a nicety: one that cannot be read is left out, and
    /// the audio still plays.
    private static func wordBoundaries(_ r: inout JSONReader) throws(JSONError) -> [WordBoundary] {
        if try r.readNullIfPresent() { return [] }
        guard r.kind == .array else { throw r.error("field 'boundaries': expected an array") }
        var result: [WordBoundary] = []
        try r.readArray { r throws(JSONError) in
            guard r.kind == .object else { try r.skipValue(); return }
            var offset: Int?, duration: Int?, text: String?, textOffset: Int?, length: Int?
            var valid = true
            try r.readObject { key, r throws(JSONError) in
                func number() throws(JSONError) -> Int? {
                    guard r.kind == .number else { valid = false; try r.skipValue(); return nil }
                    return try r.readRoundedInt()
                }
                if key == "offset_ms" { offset = try number() }
                else if key == "duration_ms" { duration = try number() }
                else if key == "text_offset" { textOffset = try number() }
                else if key == "word_length" { length = try number() }
                else if key == "text", r.kind == .string { text = TextSanitizer.clean(try r.readString()) }
                else { try r.skipValue() }
            }
            if valid, let offset, let textOffset, let length {
                result.append(WordBoundary(offsetMs: offset, durationMs: duration ?? 0, text: text ?? "",
                                           textOffset: textOffset, wordLength: length))
            }
        }
        return result
    }

    private static func speakerRenamed(_ r: inout JSONReader) throws(JSONError) -> SpeakerRenamed {
        var id: String?, label: String?, sids: [Int]?
        try r.readObject { key, r throws(JSONError) in
            if key == "speaker_id" { id = try r.optionalText("speaker_id") }
            else if key == "new_label" { label = try r.optionalText("new_label") }
            else if key == "affected_sids" { sids = try r.intArray("affected_sids") }
            else { try r.skipValue() }
        }
        return SpeakerRenamed(speakerID: try required(id, "speaker_id", r),
                              newLabel: try required(label, "new_label", r), affectedSids: sids ?? [])
    }

    private static func speakerReassigned(_ r: inout JSONReader) throws(JSONError) -> SpeakerReassigned {
        var sid: Int?, old: String?, new: String?, label: String?
        try r.readObject { key, r throws(JSONError) in
            if key == "sid" { sid = try r.optionalInt("sid") }
            else if key == "old_speaker_id" { old = try r.optionalText("old_speaker_id") }
            else if key == "new_speaker_id" { new = try r.optionalText("new_speaker_id") }
            else if key == "new_speaker_label" { label = try r.optionalText("new_speaker_label") }
            else { try r.skipValue() }
        }
        return SpeakerReassigned(sid: try required(sid, "sid", r), oldSpeakerID: old,
                                 newSpeakerID: try required(new, "new_speaker_id", r), newSpeakerLabel: label)
    }

    private static func speakersMerged(_ r: inout JSONReader) throws(JSONError) -> SpeakersMerged {
        var source: String?, target: String?, label: String?, sids: [Int]?
        try r.readObject { key, r throws(JSONError) in
            if key == "source_speaker_id" { source = try r.optionalText("source_speaker_id") }
            else if key == "target_speaker_id" { target = try r.optionalText("target_speaker_id") }
            else if key == "target_speaker_label" { label = try r.optionalText("target_speaker_label") }
            else if key == "affected_sids" { sids = try r.intArray("affected_sids") }
            else { try r.skipValue() }
        }
        return SpeakersMerged(sourceSpeakerID: try required(source, "source_speaker_id", r),
                              targetSpeakerID: try required(target, "target_speaker_id", r),
                              targetSpeakerLabel: label, affectedSids: sids ?? [])
    }

    private static func maxViewers(_ r: inout JSONReader) throws(JSONError) -> Int {
        var value: Int?
        try r.readObject { key, r throws(JSONError) in
            if key == "max_viewers" { value = try r.optionalInt("max_viewers") } else { try r.skipValue() }
        }
        return try required(value, "max_viewers", r)
    }

    private static func localized(_ r: inout JSONReader) throws(JSONError) -> LocalizedMessage {
        if r.kind == .string { return LocalizedMessage(original: TextSanitizer.clean(try r.readString())) }
        var message: String?
        var translations: [String: String] = [:]
        try r.readObject { key, r throws(JSONError) in
            if key == "message" { message = try r.optionalText("message") }
            else if key == "translations" { translations = try r.textMap("translations") }
            else { try r.skipValue() }
        }
        return LocalizedMessage(original: try required(message, "message", r), translations: translations)
    }

    private static func phaseChanged(_ r: inout JSONReader) throws(JSONError) -> PhaseChanged {
        var phase: String?, message: String?
        try r.readObject { key, r throws(JSONError) in
            if key == "phase" { phase = try r.optionalText("phase") }
            else if key == "message" { message = try r.optionalText("message") }
            else { try r.skipValue() }
        }
        return PhaseChanged(phase: BroadcastPhase(try required(phase, "phase", r)), message: message)
    }

    private static func serverError(_ r: inout JSONReader) throws(JSONError) -> ServerError {
        var error = ServerError(code: "unknown_error")
        try r.readObject { key, r throws(JSONError) in
            if key == "error_code" { error.code = try r.optionalText("error_code") ?? "unknown_error" }
            else if key == "message" { error.message = try r.optionalText("message") }
            else if key == "severity" { error.severity = (try r.optionalText("severity")).map(ServerError.Severity.init) ?? .error }
            else if key == "context" { error.context = try r.optionalText("context") }
            else if key == "sid" { error.sid = try r.optionalInt("sid") }
            else if key == "translation_language" { error.translationLanguage = try r.optionalText("translation_language") }
            else if key == "timestamp" { error.timestamp = try r.optionalText("timestamp") }
            else if key == "details" { error.details = try r.flatMap() }
            else { try r.skipValue() }
        }
        return error
    }

    private static func required<T>(_ value: T?, _ field: String, _ r: borrowing JSONReader) throws(JSONError) -> T {
        guard let value else { throw JSONError(message: "missing field '\(field)'", offset: r.position) }
        return value
    }
}

extension String {
    var trimmingASCIISpaces: Substring {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return slice
    }
}

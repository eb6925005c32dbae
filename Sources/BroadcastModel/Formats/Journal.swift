
/// The autosave journal: an append-only record of what was said, one JSON line
/// per event worth keeping — final sentences and translations as they become
/// final, and every later correction (renames, reassignments, merges, failed
/// translations, new recordings). Partial text and audio are never kept.
///
/// A line is the event itself, in the API's own shape, as `vas-view events`
/// prints it: `{"type":"origin","data":"{…}","at":"2026-11-22T08:00:01Z"}`. Reading
/// a journal back runs those events through the same decoder and the same
/// transcript reducer as the live viewer, so a journal exported later gives
/// exactly the transcript the viewer had — labels after renames and merges included.
///
/// Never contains the password or the viewer access token: events don't carry them.
public enum Journal {
    public static let format = "vas-view-journal"
    public static let version = 1

    /// The first line of each viewing session appended to a journal.
    /// `broadcast` is the broadcast's id from its details, when known: a token is a short
    /// code that may name another broadcast later the same day, and the reader keeps two
    /// broadcasts apart (their sentence numbers would otherwise merge).
    public static func header(token: String, server: String, broadcast: String? = nil, name: String? = nil, date: UTCTime) -> String {
        var members = [("format", JSONText.quote(format)), ("version", String(version)),
                       ("token", JSONText.quote(token)), ("server", JSONText.quote(Endpoints.redacted(server)))]
        if let broadcast { members.append(("broadcast", JSONText.quote(broadcast))) }
        if let name { members.append(("name", JSONText.quote(name))) }
        members.append(("started", JSONText.quote(date.iso8601)))
        return JSONText.object(members)
    }

    /// The server a journal's first line (its header) names, if it is a header.
    public static func server(ofFirstLine line: String) -> String? {
        if case .header(_, _, let viewing) = parse(line.trimmingWhitespace()) { return viewing.server }
        return nil
    }

    /// A server as a part of a journal's name, when two servers share a token on one day: its
    /// host (`vas.example.org`), in letters, digits, `.`, `-` and `_`. The host, not the port:
    /// one machine's servers (a restarted local VAS) keep one journal per token and day.
    public static func serverTag(_ server: String) -> String {
        guard let address = WebAddress(server) else { return "other-server" }
        return String(address.host.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" })
    }

    /// Whether two servers are one for the journal's name (the same host).
    public static func sameJournalServer(_ a: String, _ b: String) -> Bool {
        guard let first = WebAddress(a), let second = WebAddress(b) else { return a == b }
        return first.host == second.host
    }

    /// Whether the journal keeps this event (final sentences, corrections, languages).
    public static func keeps(_ event: BroadcastEvent) -> Bool {
        EventJSON.encode(event) != nil
    }

    /// The line for an event worth keeping, or nil (partials, audio, phases, heartbeats).
    public static func line(for event: BroadcastEvent, at date: UTCTime) -> String? {
        guard let (type, data) = EventJSON.encode(event) else { return nil }
        return JSONText.object([("type", JSONText.quote(type)), ("data", JSONText.quote(data)), ("at", JSONText.quote(date.iso8601))])
    }

    /// The journal's own line for where a connection ended (not an API event: no server can
    /// send it), so that every later reading measures the same gaps the viewer showed.
    public static let reconnectedType = "vas-view.reconnected"

    /// The line for a stream item worth keeping: an event (as above) or a reconnection.
    public static func line(for item: StreamItem, at date: UTCTime) -> String? {
        switch item {
        case .event(let event): line(for: event, at: date)
        case .reconnected: JSONText.object([("type", JSONText.quote(reconnectedType)), ("data", "\"{}\""), ("at", JSONText.quote(date.iso8601))])
        case .unknown, .malformed, .dropped: nil
        }
    }

    /// Whether the journal keeps this item.
    public static func keeps(_ item: StreamItem) -> Bool {
        switch item {
        case .event(let event): keeps(event)
        case .reconnected: true
        case .unknown, .malformed, .dropped: false
        }
    }

    /// What a journal holds.
    public struct Contents: Sendable {
        public var model = Broadcast()
        public var token: String?
        /// Events read.
        public var events = 0
        /// The first `keptProblems` lines that could not be used ("line 7: …"); the rest is kept.
        public var problems: [String] = []
        /// Every line that could not be used (a damaged file may have millions).
        public var problemCount = 0
        public static let keptProblems = 20
        /// Each viewing session's header, in order (a journal is appended to by every viewing of the day).
        public var viewings: [Viewing] = []
        /// The times of the first and the last line that carried one (ISO 8601).
        public var firstAt: String?
        public var lastAt: String?
    }

    /// Reads a journal a line at a time (a file of any size, in chunks): never fails as a
    /// whole; a bad line is a problem noted and skipped.
    public struct Reader {
        public private(set) var contents = Contents()
        private var number = 0
        /// The broadcast the last header named.
        private var lastBroadcast: String?
        /// The start of a line whose end has not come yet.
        private var partial: [UInt8] = []

        public init() {}

        /// Bytes as they come (a file read in chunks): every complete line is read.
        public mutating func feed(_ bytes: some Collection<UInt8>) {
            partial.append(contentsOf: bytes)
            var start = 0
            while let newline = partial[start...].firstIndex(of: 0x0A) {
                read(line: String(decoding: partial[start..<newline], as: UTF8.self))
                start = newline + 1
            }
            partial.removeFirst(start)
        }

        /// The end of the input: a last line without a line break is read too.
        public mutating func finish() {
            guard !partial.isEmpty else { return }
            read(line: String(decoding: partial, as: UTF8.self))
            partial.removeAll()
        }

        private mutating func read(line: String) {
            number += 1
            let trimmed = line.trimmingWhitespace()
            guard !trimmed.isEmpty else { return }
            switch parse(trimmed) {
            case .header(let token, let broadcast, let viewing):
                contents.token = contents.token ?? token
                // Another broadcast under the same token: its sentences start a recording of their own.
                let another = broadcast != nil && lastBroadcast != nil && broadcast != lastBroadcast
                if another { contents.model.apply(.recordingStarted) }
                if let broadcast { lastBroadcast = broadcast }
                contents.model.transcript.noteViewing(viewing, replacing: another)
                contents.viewings.append(viewing)
                if let started = viewing.started { see(at: started) }
            case .event(Journal.reconnectedType, _, let at):
                contents.model.apply(.reconnected)
                if let at { see(at: at) }
            case .event(let type, let data, let at):
                if let at { see(at: at) }
                switch BroadcastEventDecoder.decode(SSEEvent(type: type, data: data)) {
                case .event(let event):
                    contents.model.apply(event)
                    contents.events += 1
                case .unknown(let type):
                    problem("unknown event type '\(type)'")
                case .malformed(let type, let reason):
                    problem("unreadable '\(TextSanitizer.clean(type))' event: \(reason)")
                }
            case .invalid(let reason):
                problem(reason)
            }
        }

        private mutating func see(at time: String) {
            if contents.firstAt == nil { contents.firstAt = time }
            contents.lastAt = time
        }

        private mutating func problem(_ text: String) {
            contents.problemCount += 1
            if contents.problems.count < Contents.keptProblems { contents.problems.append("line \(number): \(text)") }
        }
    }

    /// One journal, as `vas-view journals` lists it.
    public struct Summary: Equatable, Sendable {
        public var file: String
        public var viewing: Viewing
        public var minutes: Int?
        public var sentences: Int
        public var recordings: Int

        public init(file: String, contents: Contents) {
            self.file = file
            // The latest viewing's broadcast, name and server (a name appears once the details were
            // read), watched since the first viewing's start.
            var viewing = contents.viewings.last ?? Viewing(token: contents.token)
            if let named = contents.viewings.last(where: { $0.name != nil })?.name { viewing.name = named }
            if let first = contents.viewings.first?.started { viewing.started = first }
            self.viewing = viewing
            if let first = contents.firstAt.flatMap(UTCTime.init(iso8601:)), let last = contents.lastAt.flatMap(UTCTime.init(iso8601:)) {
                minutes = Int(((last.secondsSince1970 - first.secondsSince1970) / 60).rounded())
            }
            sentences = contents.model.transcript.allSentences.count
            recordings = contents.model.transcript.recordingCount
        }

        /// Two lines: the file, then what it holds.
        public var description: String {
            let long = minutes.map { $0 >= 60 ? ", for \($0 / 60) h \($0 % 60) min" : $0 == 0 ? ", for under a minute" : ", for \($0) min" } ?? ""
            let what = viewing.description.isEmpty ? "" : viewing.description + long
            let counts = "\(sentences) sentence\(sentences == 1 ? "" : "s") in \(recordings) recording\(recordings == 1 ? "" : "s")"
            return TextSanitizer.clean(file) + "\n    " + (what.isEmpty ? counts : what + "\n    " + counts)
        }
    }

    /// Reads a whole journal held in memory.
    public static func read(_ text: String) -> Contents {
        var reader = Reader()
        reader.feed(text.utf8)
        reader.finish()
        return reader.contents
    }

    enum Line: Equatable {
        case header(token: String?, broadcast: String?, viewing: Viewing)
        case event(type: String, data: String, at: String?)
        case invalid(String)
    }

    static func parse(_ line: String) -> Line {
        var line = line
        return line.withUTF8 { bytes -> Line in
            var reader = JSONReader(bytes)
            var type: String?, data: String?, token: String?, broadcast: String?, isHeader = false
            var server: String?, name: String?, started: String?, at: String?
            do throws(JSONError) {
                try reader.readObject { key, r throws(JSONError) in
                    if key == "type" { type = try r.optionalRawString("type") }
                    else if key == "data" { data = try r.optionalRawString("data") }
                    else if key == "format" { isHeader = try r.optionalRawString("format") == format }
                    else if key == "token" { token = try r.optionalText("token") }
                    else if key == "broadcast" { broadcast = try r.optionalText("broadcast") }
                    else if key == "server" { server = try r.optionalText("server") }
                    else if key == "name" { name = try r.optionalText("name") }
                    else if key == "started" { started = try r.optionalText("started") }
                    else if key == "at" { at = try r.optionalText("at") }
                    else { try r.skipValue() }
                }
                try reader.finish()
            } catch {
                return .invalid("not a journal line (\(error))")
            }
            if isHeader {
                return .header(token: token, broadcast: broadcast, viewing: Viewing(token: token, server: server, name: name, started: started))
            }
            guard let type, let data else { return .invalid("a line without 'type' and 'data'") }
            return .event(type: type, data: data, at: at)
        }
    }

}

/// Events back to the API's JSON (the `data` of an SSE event), for the journal.
/// `EventJSONTests` checks that decoding what this writes gives the event back.
enum EventJSON {
    /// The type and data of an event the journal keeps; nil for the others.
    static func encode(_ event: BroadcastEvent) -> (type: String, data: String)? {
        switch event {
        case .connected(let c):
            var members = [("available_langs", strings(c.availableLanguages))]
            if let tts = c.ttsLanguages { members.append(("tts_languages", strings(tts))) }
            if let mode = c.recognitionMode { members.append(("recognition_mode", JSONText.quote(mode.name))) }
            return ("connected", JSONText.object(members))
        case .origin(let o) where o.isFinal:
            return ("origin", JSONText.object([
                ("sid", String(o.sid)), ("text", JSONText.quote(o.text)), ("is_final", "true"),
                ("language", JSONText.optional(o.language)), ("speaker_id", JSONText.optional(o.speaker.id)),
                ("speaker_label", JSONText.optional(o.speaker.label)), ("start_time", JSONText.optional(o.startTime)),
            ]))
        case .translation(let t) where t.isFinal:
            return ("translation", JSONText.object([
                ("sid", String(t.sid)), ("language", JSONText.quote(t.language)), ("text", JSONText.quote(t.text)),
                ("is_final", "true"), ("speaker_id", JSONText.optional(t.speaker.id)),
                ("speaker_label", JSONText.optional(t.speaker.label)),
            ]))
        case .ttsReady(let t):
            // Only its text counts (it stands in for a missed translation); the audio is not kept.
            guard let text = t.text, !text.isEmpty else { return nil }
            return ("tts_ready", JSONText.object([
                ("sid", String(t.sid)), ("language", JSONText.quote(t.language)), ("text", JSONText.quote(text)), ("audio", "\"\""),
            ]))
        case .speakerRenamed(let r):
            return ("speaker_renamed", JSONText.object([
                ("speaker_id", JSONText.quote(r.speakerID)), ("new_label", JSONText.quote(r.newLabel)),
                ("affected_sids", JSONText.array(r.affectedSids.map(String.init))),
            ]))
        case .speakerReassigned(let r):
            return ("speaker_reassigned", JSONText.object([
                ("sid", String(r.sid)), ("old_speaker_id", JSONText.optional(r.oldSpeakerID)),
                ("new_speaker_id", JSONText.quote(r.newSpeakerID)), ("new_speaker_label", JSONText.optional(r.newSpeakerLabel)),
            ]))
        case .speakersMerged(let m):
            return ("speakers_merged", JSONText.object([
                ("source_speaker_id", JSONText.quote(m.sourceSpeakerID)), ("target_speaker_id", JSONText.quote(m.targetSpeakerID)),
                ("target_speaker_label", JSONText.optional(m.targetSpeakerLabel)),
                ("affected_sids", JSONText.array(m.affectedSids.map(String.init))),
            ]))
        case .recordingStarted:
            return ("recording_started", "{}")
        case .error(let e):
            return ("error", JSONText.object([
                ("error_code", JSONText.quote(e.code)), ("message", JSONText.optional(e.message)),
                ("severity", JSONText.quote(e.severity.name)), ("context", JSONText.optional(e.context)),
                ("sid", e.sid.map(String.init) ?? "null"), ("translation_language", JSONText.optional(e.translationLanguage)),
                ("details", JSONText.map(e.details)), ("timestamp", JSONText.optional(e.timestamp)),
            ]))
        default:
            return nil
        }
    }

    private static func strings(_ values: [String]) -> String { JSONText.array(values.map(JSONText.quote)) }
}

import Foundation

/// What a connected viewer's response body carries next.
enum Frame: Sendable {
    case bytes([UInt8])
    case close
}

/// The broadcast: its script, its state, and everyone watching.
actor Simulation {
    struct Settings: Sendable {
        var token = "a3f9"
        var speed = 1.0
        var heartbeat = 15.0
        /// Answer 503 `broadcast_capacity_exceeded` when full, instead of queueing.
        var rejectWhenFull = false
        /// Answer 404 `broadcast_session_not_started` until this many seconds after start-up.
        var notStartedFor = 0.0
        /// Answer every request with this status (`not-found`, `ended`, `revoked`).
        var status: String?
        /// How many recent sentences a new connection is sent again (`--resend`); 0: none, so a
        /// viewer that reconnects misses what was said while it was away.
        var resend = 20
        /// Each run of the simulator is a broadcast of its own (a token may name another one later).
        var broadcastID = UUID().uuidString.lowercased()
        /// How long a broadcast whose host dropped stays paused, waiting for a host, before it ends.
        var hostGrace = 300.0
        /// espeak-ng and lame, for spoken translation in a live broadcast; nil when missing.
        var speech: SpeechTools?
        /// Why there is no speech, when `speech` is nil because a tool is missing.
        var speechMissing: SpeechTools.Missing?
    }

    /// What a viewer who connects in standby is told when the host set no standby message.
    static let defaultStandby = "The broadcast is about to begin"

    struct Viewer {
        var language: String?
        var tts: Bool
        var admitted: Bool
        var stalledUntil: Date?
        var continuation: AsyncStream<Frame>.Continuation
    }

    let settings: Settings
    var scenario: Scenario
    private let bootTime = Date()
    private var started = false
    var ended = false
    var phase: String
    var paused = false
    private var password: String?
    private var tokens: Set<String> = []
    /// Every access token ever issued, for tests that check none leaks.
    private(set) var issuedTokens: [String] = []
    private var maxViewers: Int
    private var phantomsActive = 0
    private var phantomsQueued = 0
    private var standby: String?
    var sentences: [Int: [String: String]] = [:]  // sid → event type/lang key → data
    var sentenceOrder: [Int] = []
    /// Renames, reassignments and merges of this recording, in order (re-sent on every connection).
    private var speakerEvents: [(String, String)] = []
    private var viewers: [Int: Viewer] = [:]
    private var queue: [Int] = []
    private var wasQueued: Set<Int> = []
    private var nextID = 1
    private(set) var stats: [String: Int] = [:]
    /// The live scenario: what the host drives (`Simulation+Host.swift`).
    var host = HostState()
    /// Notification subscribers (seed 002): id → channels and where to write.
    var listeners: [Int: Listener] = [:]
    /// The host connections open now: id → where their messages go (answers and viewer news).
    var hostOutlets: [Int: AsyncStream<String>.Continuation] = [:]
    /// Counts host drops, so that a wait for a host that came back in between ends nothing.
    var hostDrops = 0
    /// How to close each host and notification connection from here (`POST /_sim/drop`, for tests).
    var closers: [String: @Sendable () async -> Void] = [:]

    init(scenario: Scenario, settings: Settings) {
        self.scenario = scenario
        self.settings = settings
        self.phase = scenario.meta.phase
        self.password = scenario.meta.password
        self.maxViewers = scenario.meta.maxViewers
    }

    func count(_ name: String) { stats[name, default: 0] += 1 }

    // MARK: - REST

    enum Refusal: Error {
        case status(Int, code: String, message: String, retryAfter: Int?)
    }

    func info(token: String) throws(Refusal) -> Data {
        count("info")
        try checkToken(token)
        if let refusal = statusRefusal() { throw refusal }
        let meta = scenario.meta
        let live = started && phase == "live" && !ended
        return jsonData(["data": [
            "id": settings.broadcastID,
            "name": meta.name, "access_type": password == nil ? "public" : "password",
            "requires_password": password != nil, "status": ended ? "ended" : (live ? "active" : "pending"),
            "is_live": live, "transcription_language": meta.transcriptionLanguage,
            "translation_languages": meta.translationLanguages, "tts_languages": meta.ttsLanguages,
            "tts_voices": [String: Any](),
        ] as [String: Any]])
    }

    func verify(token: String, password given: String?) throws(Refusal) -> Data {
        count("verify")
        try checkToken(token)
        guard let password else {
            throw .status(400, code: "broadcast_password_not_required", message: "This broadcast has no password", retryAfter: nil)
        }
        guard given == password else {
            count("verify_rejected")
            throw .status(401, code: "broadcast_password_invalid", message: "Wrong password", retryAfter: nil)
        }
        let access = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        tokens.insert(access)
        issuedTokens.append(access)
        return jsonData(["data": ["viewer_access_token": access, "expires_in": 3600]])
    }

    // MARK: - Streams

    func join(token: String, language: String?, tts: Bool, accessToken: String?) throws(Refusal) -> (Int, AsyncStream<Frame>) {
        count("stream_requests")
        try checkToken(token)
        if let refusal = statusRefusal() { throw refusal }
        if scenario.meta.hostDriven, !host.started {
            throw .status(404, code: "broadcast_session_not_started", message: "Broadcast has not started yet", retryAfter: 2)
        }
        if Date().timeIntervalSince(bootTime) < settings.notStartedFor {
            throw .status(404, code: "broadcast_session_not_started", message: "Broadcast has not started yet", retryAfter: 1)
        }
        if ended { throw .status(410, code: "broadcast_session_ended", message: "Broadcast session ended", retryAfter: nil) }
        if password != nil, !(accessToken.map(tokens.contains) ?? false) {
            throw .status(401, code: "broadcast_password_required", message: "Password verification required", retryAfter: nil)
        }
        startIfNeeded()
        let full = admittedCount + phantomsActive >= maxViewers
        if full, settings.rejectWhenFull {
            count("rejected_full")
            throw .status(503, code: "broadcast_capacity_exceeded", message: "Viewer count has reached the limit", retryAfter: 1)
        }
        let id = nextID
        nextID += 1
        let (stream, continuation) = AsyncStream.makeStream(of: Frame.self)
        viewers[id] = Viewer(language: language, tts: tts, admitted: false, continuation: continuation)
        count("connections")
        send(id, "connected", json([
            "available_langs": scenario.meta.translationLanguages, "tts_languages": scenario.meta.ttsLanguages,
            "phase": phase, "recognition_mode": scenario.meta.recognitionMode,
        ]))
        // Seed 001: a viewer connecting in standby gets `standby` right after `connected`.
        if phase == "standby" { send(id, "standby", standbyData) }
        if full || !queue.isEmpty || phantomsQueued > 0 {
            queue.append(id)
            sendQueuePositions()
            viewerCountChanged()
        } else {
            admit(id)
        }
        return (id, stream)
    }

    func leave(_ id: Int) {
        guard let viewer = viewers.removeValue(forKey: id) else { return }
        viewer.continuation.finish()
        queue.removeAll { $0 == id }
        if viewer.admitted { viewerLeft(id) }
        admitFromQueue()
    }

    var admittedCount: Int { viewers.values.filter(\.admitted).count }
    var queuedCount: Int { queue.count + phantomsQueued }

    /// The standby message set (by the script or the host), else the default one.
    private var standbyData: String { standby ?? json(["message": Self.defaultStandby]) }

    private func admit(_ id: Int) {
        guard viewers[id] != nil else { return }
        viewers[id]?.admitted = true
        count("admitted")
        if wasQueued.contains(id) {
            send(id, "admitted", json(["message": "Entered the live stream"]))
        }
        queue.removeAll { $0 == id }
        // Sent after `connected` already; again for a viewer who waited in the queue meanwhile.
        if phase == "standby", wasQueued.contains(id) { send(id, "standby", standbyData) }
        if let viewer = viewers[id] { viewerJoined(id, language: viewer.language, tts: viewer.tts) }
        // Sent again on every connection: a viewer must not show them twice.
        for sid in sentenceOrder.suffix(settings.resend) {
            for (key, data) in (sentences[sid] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let type = key.hasPrefix("translation:") ? "translation" : key.hasPrefix("error:") ? "error" : key
                if deliver(type: type, data: data, to: viewers[id]!) { send(id, type, data) }
            }
        }
        for (type, data) in speakerEvents { send(id, type, data) }
        if paused { send(id, "paused", json(["message": "Live stream is paused"])) }
    }

    private func admitFromQueue() {
        while phantomsQueued == 0, let first = queue.first, admittedCount + phantomsActive < maxViewers {
            admit(first)
        }
        sendQueuePositions()
    }

    private func sendQueuePositions() {
        for (index, id) in queue.enumerated() {
            let position = phantomsQueued + index + 1
            wasQueued.insert(id)
            let wait = position <= 1 ? "Less than a minute" : "About \(position) minutes"
            send(id, "queued", json(["position": position, "estimated_wait": wait]))
        }
    }

    // MARK: - The script

    private func startIfNeeded() {
        guard !started else { return }
        started = true
        let lines = scenario.lines
        for line in lines where line.at <= 0 { apply(line.action) }
        let speed = settings.speed
        let start = Date()
        Task {
            for line in lines where line.at > 0 {
                let due = start.addingTimeInterval(line.at / speed)
                let wait = due.timeIntervalSinceNow
                if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                self.apply(line.action)
            }
        }
        let heartbeat = settings.heartbeat
        Task {
            while true {
                try? await Task.sleep(for: .seconds(heartbeat))
                self.beat()
            }
        }
    }

    private func beat() {
        for id in viewers.keys { write(id, ": heartbeat\n\n") }
    }

    func apply(_ action: Scenario.Action) {
        count("actions")
        switch action {
        case .event(let type, let data):
            applyEvent(type, data)
        case .drop:
            for id in viewers.keys { close(id) }
        case .dropMidEvent:
            for id in viewers.keys {
                write(id, "event: origin\ndata: {\"sid\":9999,\"text\":\"never fin")
                close(id)
            }
        case .stall(let seconds):
            let until = Date().addingTimeInterval(seconds)
            for id in viewers.keys { viewers[id]?.stalledUntil = until }
        case .raw(let bytes):
            for id in viewers.keys { write(id, bytes: bytes) }
        case .password(let new):
            password = new
            tokens.removeAll()
            broadcastThenClose("pass_code_changed")
        case .access(let new):
            password = new
            tokens.removeAll()
            broadcastThenClose("access_type_changed")
        case .phantoms(let active, let queued):
            phantomsActive = active
            phantomsQueued = queued
            admitFromQueue()
        }
    }

    func applyEvent(_ type: String, _ data: String) {
        let fields = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
        switch type {
        case "standby":
            standby = data
            phase = "standby"
        case "phase_changed":
            phase = fields["phase"] as? String ?? phase
        case "paused": paused = true
        case "resumed": paused = false
        case "recording_started":
            sentences = [:]
            sentenceOrder = []
            speakerEvents = []
        case "speaker_renamed", "speaker_reassigned", "speakers_merged":
            // Kept, and sent again to every new connection after the re-sent sentences: a viewer that
            // was away when the host renamed or merged must still end with the right names.
            speakerEvents.append((type, data))
        case "max_viewers_changed":
            maxViewers = (fields["max_viewers"] as? NSNumber)?.intValue ?? maxViewers
        case "error" where fields["sid"] != nil && fields["translation_language"] != nil:
            // A sentence's failed translation is kept with it, and sent again with it.
            guard let sid = (fields["sid"] as? NSNumber)?.intValue else { break }
            sentences[sid, default: [:]]["error:\(fields["translation_language"] as? String ?? "")"] = data
        case "origin", "translation":
            guard let sid = (fields["sid"] as? NSNumber)?.intValue else { break }
            if sentences[sid] == nil { sentenceOrder.append(sid) }
            let key = type == "origin" ? "origin" : "translation:\(fields["language"] as? String ?? "")"
            sentences[sid, default: [:]][key] = data
        case "ended", "kicked":
            ended = type == "ended"
            broadcastThenClose(type, data: data)
            return
        case "access_type_changed", "pass_code_changed":
            broadcastThenClose(type, data: data)
            return
        default:
            break
        }
        for (id, viewer) in viewers where viewer.admitted || type == "error" {
            if deliver(type: type, data: data, to: viewer) { send(id, type, data) }
        }
        if type == "max_viewers_changed" { admitFromQueue() }
    }

    /// The `lang` and `tts` filters of the document.
    private func deliver(type: String, data: String, to viewer: Viewer) -> Bool {
        guard type == "translation" || type == "tts_ready" else { return true }
        let fields = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
        let language = fields["language"] as? String
        if type == "translation" { return viewer.language == nil || viewer.language == language }
        guard viewer.tts, let language, viewer.language == language else { return false }
        return scenario.meta.ttsLanguages.contains(language) && phase == "live" && !paused
    }

    private func broadcastThenClose(_ type: String, data: String = "") {
        for id in viewers.keys {
            send(id, type, data)
            close(id)
        }
    }

    // MARK: - Writing

    private func send(_ id: Int, _ type: String, _ data: String) {
        let lines = data.isEmpty ? "data:\n" : data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined()
        write(id, "event: \(type)\n\(lines)\n")
    }

    private func write(_ id: Int, _ text: String) {
        write(id, bytes: Array(text.utf8))
    }

    private func write(_ id: Int, bytes: [UInt8]) {
        guard let viewer = viewers[id] else { return }
        if let until = viewer.stalledUntil {
            if until > Date() { return }
            viewers[id]?.stalledUntil = nil
        }
        viewer.continuation.yield(.bytes(bytes))
    }

    private func close(_ id: Int) {
        guard let viewer = viewers.removeValue(forKey: id) else { return }
        viewer.continuation.yield(.close)
        viewer.continuation.finish()
        queue.removeAll { $0 == id }
        if viewer.admitted { viewerLeft(id) }
    }

    // MARK: - Refusals

    private func checkToken(_ token: String) throws(Refusal) {
        guard token == settings.token else {
            throw .status(404, code: "broadcast_session_not_found", message: "Broadcast not found", retryAfter: nil)
        }
    }

    private func statusRefusal() -> Refusal? {
        switch settings.status {
        case "not-found": .status(404, code: "broadcast_session_not_found", message: "Broadcast not found", retryAfter: nil)
        case "ended": .status(410, code: "broadcast_session_ended", message: "Broadcast session ended", retryAfter: nil)
        case "revoked": .status(410, code: "broadcast_token_revoked", message: "Broadcast revoked", retryAfter: nil)
        default: nil
        }
    }

    func json(_ object: [String: Any]) -> String {
        String(decoding: jsonData(object), as: UTF8.self)
    }

    func jsonData(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}

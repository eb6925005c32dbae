import Foundation
import SimWire

/// What the host has done to a host-driven broadcast (`--scenario live`).
struct HostState: Sendable {
    var started = false
    var stopped = false
    var sessionID = ""
    var wentLive: Date?
    /// The speaker of each sentence, and each speaker's label (renames, merges).
    var speakerOf: [Int: String] = [:]
    var labels: [String: String] = [:]
    /// Speakers merged away, and into whom.
    var mergedInto: [String: String] = [:]
    var nextSid = 1
    var audioFrames = 0
    var audioBytes = 0
    /// espeak-ng's voice for each spoken language (`tts_config.voice`), and the speech being made:
    /// one sentence after the other, so `tts_ready` follows the sentences' order.
    var voices: [String: String] = [:]
    var speaking: Task<Void, Never>?
}

/// A notification subscriber (seed 002): its channels, and where its messages go.
struct Listener: Sendable {
    var channels: Set<String> = []
    var continuation: AsyncStream<String>.Continuation
}

/// A refusal of a host action: an `error` message (seed 000) and whether the connection closes.
struct HostError: Error, Sendable {
    var code: String
    var message: String
    var severity = "error"
    var context = "voice-translation"
}

/// The host's actions (seed 000's `voice-translation` service), each turned into what it
/// causes: the SSE events of seed 001 for every viewer, the answer for the host, and the
/// notifications (seed 002) for the broadcast's subscribers. docs/vas-sim.md lists them.
extension Simulation {
    typealias Fields = [String: Any]

    /// One `voice-translation` action, its `data` as JSON text; returns the host's messages as JSON text.
    func host(action: String, json dataText: String) throws(HostError) -> [String] {
        let data = (try? JSONSerialization.jsonObject(with: Data(dataText.utf8))) as? Fields ?? [:]
        return try host(action: action, data).map(json)
    }

    static let actions: Set<String> = ["start", "set_standby_message", "broadcast_go_live", "broadcast_announcement", "rename_speaker",
                                       "reassign_speaker", "merge_speakers", "pause", "resume", "stop", "audio", "sim_transcript", "sim_chat"]

    /// What changes the broadcast for every host (go live, pause, resume, stop) is told to every
    /// host connection, not only to the one that asked: co-hosts share one broadcast.
    func hostAction(_ action: String, json dataText: String) throws(HostError) -> [String] {
        let replies = try host(action: action, json: dataText)
        guard ["broadcast_go_live", "pause", "resume", "stop"].contains(action), hostOutlets.count > 1 else { return replies }
        for outlet in hostOutlets.values { for reply in replies { outlet.yield(reply) } }
        return []
    }

    private func host(action: String, _ data: Fields) throws(HostError) -> [Fields] {
        guard !action.isEmpty else { throw HostError(code: "invalid_message", message: "data.action is required (start, broadcast_go_live, …)") }
        guard Self.actions.contains(action) else {
            throw HostError(code: "unknown_action", message: "Unknown voice-translation action '\(action)' (vas-sim knows: \(Self.actions.sorted().joined(separator: ", ")))")
        }
        count("host_\(action)")
        if action != "start", !host.started {
            throw HostError(code: "session_not_started", message: "Start the session first (action start)")
        }
        if host.stopped {
            throw HostError(code: "session_ended", message: "The session has stopped; this broadcast has ended")
        }
        switch action {
        case "start": return try start(data)
        case "set_standby_message":
            guard phase == "standby" else {
                throw HostError(code: "broadcast_not_in_standby", message: "The broadcast is live; the standby message is shown only before it goes live")
            }
            let message = try text(data, "message")
            applyEvent("standby", json(withTranslations(["message": message], data)))
            return [answer("status", ["status": "standby_message_set", "message": message])]
        case "broadcast_go_live":
            guard phase == "standby" else { throw HostError(code: "broadcast_already_live", message: "The broadcast is already live") }
            host.wentLive = Date()
            applyEvent("phase_changed", json(["phase": "live", "message": "Broadcast has started"]))
            notifyStatus("live")
            return [answer("broadcast_phase_changed", ["phase": "live"])]
        case "broadcast_announcement":
            let message = try text(data, "message")
            applyEvent("announcement", json(withTranslations(["message": message], data)))
            notify(["type": "notification", "data": ["message": message, "level": "info", "entity_type": "broadcast", "entity_id": settings.token]])
            return [answer("status", ["status": "announcement_sent", "message": message])]
        case "rename_speaker": return try rename(data)
        case "reassign_speaker": return try reassign(data)
        case "merge_speakers": return try merge(data)
        case "pause":
            guard !paused else { throw HostError(code: "broadcast_already_paused", message: "The broadcast is already paused") }
            applyEvent("paused", json(["message": "Live stream is paused"]))
            notifyStatus("paused")
            return [answer("status", ["status": "paused"])]
        case "resume":
            guard paused else { throw HostError(code: "broadcast_not_paused", message: "The broadcast is not paused") }
            applyEvent("resumed", json(["message": "Live stream has resumed"]))
            notifyStatus(phase)
            return [answer("status", ["status": "resumed"])]
        case "stop":
            host.stopped = true
            applyEvent("ended", json(["message": "Broadcast has ended"]))
            notifyStatus("ended")
            return [answer("status", ["status": "stopped"]), answer("task_complete", ["session_id": host.sessionID])]
        case "audio":
            guard let audio = data["audio"] as? String, let bytes = Data(base64Encoded: audio) else {
                throw HostError(code: "invalid_audio", message: "audio must be base64 (PCM)", severity: "warning")
            }
            host.audioFrames += 1
            host.audioBytes += bytes.count
            count("audio_frames")
            return []
        case "sim_transcript": return try transcript(data)
        case "sim_chat":
            // Simulator only: a chat message (seed 002's chat_message) on the broadcast's channel.
            let content = try text(data, "content")
            let sender = data["sender_id"] as? String ?? "host"
            notify(["type": "chat_message", "data": ["conversation_id": "broadcast:\(settings.token)", "sender_id": sender, "content": content]])
            return [answer("status", ["status": "chat_sent", "content": content])]
        default:
            throw HostError(code: "unknown_action", message: "Unknown voice-translation action '\(action)'")
        }
    }

    /// What the host has sent as audio, for `/_sim/stats` and the tests.
    var audioReceived: (frames: Int, bytes: Int) { (host.audioFrames, host.audioBytes) }

    // MARK: - start

    private func start(_ data: Fields) throws(HostError) -> [Fields] {
        guard !host.started else { throw HostError(code: "session_already_started", message: "The session has already started") }
        guard data["type"] as? String == "broadcast" else {
            throw HostError(code: "unsupported_recording_type", message: "vas-sim simulates broadcasts only: give type \"broadcast\"")
        }
        guard data["broadcast_token"] as? String == settings.token else {
            throw HostError(code: "broadcast_not_found", message: "No broadcast with that broadcast_token (this vas-sim serves \(settings.token))")
        }
        guard let spoken = data["transcription_languages"] as? [String], (1...2).contains(spoken.count) else {
            throw HostError(code: "invalid_parameter", message: "transcription_languages must be a list of one or two languages")
        }
        let translated = data["translation_languages"] as? [String] ?? []
        if let wrong = (spoken + translated).first(where: { !Self.isLanguageTag($0) }) {
            throw HostError(code: "invalid_parameter", message: "'\(wrong)' is not a language code (like zh-TW, en-US, ja-JP): one per list item")
        }
        let mode = data["recognition_mode"] as? String ?? "single"
        guard mode == "single" || mode == "multi_speaker" else {
            throw HostError(code: "invalid_parameter", message: "recognition_mode must be single or multi_speaker")
        }
        guard mode == "single" || spoken.count == 1 else {
            throw HostError(code: "diarization_multilang_conflict", message: "multi_speaker recognition takes exactly one transcription language")
        }
        let speech = try SpeechRequest(data, translated: translated)
        scenario.meta.transcriptionLanguage = spoken[0]
        scenario.meta.translationLanguages = translated
        // Spoken translation for the languages tts_config names, when espeak-ng and lame are here.
        scenario.meta.ttsLanguages = settings.speech == nil ? [] : speech.languages
        host.voices = speech.voices
        scenario.meta.recognitionMode = mode
        host.started = true
        host.sessionID = UUID().uuidString.lowercased()
        let recording = UUID().uuidString.lowercased()  // the task is the recording (seed 000)
        if phase == "live" { host.wentLive = Date() }
        notifyStatus(phase)
        return [answer("session_started", [
            "session_id": host.sessionID, "task_id": recording, "recording_id": recording,
            "recording_type": "broadcast", "recognition_mode": mode, "broadcast_token": settings.token,
            "phase": phase, "message": "Broadcast session started", "tts_languages": scenario.meta.ttsLanguages,
        ]), viewerCount] + speechUnavailable(speech.languages)
    }

    // MARK: - Sentences

    private func transcript(_ data: Fields) throws(HostError) -> [Fields] {
        guard phase == "live" else { throw HostError(code: "broadcast_not_live", message: "Go live first (broadcast_go_live): viewers see no sentences in standby") }
        guard !paused else { throw HostError(code: "broadcast_paused", message: "The broadcast is paused: resume first") }
        let text = try self.text(data, "text")
        guard let given = (data["translations"] ?? [String: String]()) as? [String: String] else {
            throw HostError(code: "invalid_parameter", message: "translations is an object of language → text, e.g. {\"en-US\": \"Hello\"}")
        }
        // An empty translation is none (said below, as a missing one), not an empty line for viewers.
        let translations = given.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let sid = host.nextSid
        host.nextSid += 1
        var speaker = data["speaker_id"] as? String ?? "Guest-1"
        // A speaker merged into another speaks as that one now (as diarization would say).
        while let target = host.mergedInto[speaker] { speaker = target }
        if let label = data["speaker_label"] as? String, !label.isEmpty { host.labels[speaker] = label }
        host.speakerOf[sid] = speaker
        let label = host.labels[speaker] ?? speaker
        let elapsed = Int(Date().timeIntervalSince(host.wentLive ?? Date()))
        let start = String(format: "%02d:%02d", elapsed / 60, elapsed % 60)
        var origin: Fields = ["sid": sid, "language": scenario.meta.transcriptionLanguage, "speaker_id": speaker,
                              "speaker_label": label, "start_time": start]
        // A partial first, as recognition gives one, then the final sentence.
        let characters = Array(text)
        if characters.count > 1 {
            origin["text"] = String(characters.prefix((characters.count + 1) / 2))
            origin["is_final"] = false
            applyEvent("origin", json(origin))
        }
        origin["text"] = text
        origin["is_final"] = true
        applyEvent("origin", json(origin))
        var delivered: [String: String] = [:]
        for language in scenario.meta.translationLanguages {
            guard let translated = translations[language] else {
                // Seed 001's sentence-level error: the viewers of that language can mark the sentence
                // at once, rather than wait for a translation that will not come.
                applyEvent("error", json(HostSockets.errorBody("translation_missing", "The host gave no \(language) translation for this sentence",
                                                               severity: "warning", context: "translation")
                    .merging(["sid": sid, "translation_language": language]) { $1 }))
                continue
            }
            delivered[language] = translated
            applyEvent("translation", json(["sid": sid, "language": language, "text": translated, "is_final": true,
                                            "speaker_id": speaker, "speaker_label": label]))
        }
        for language in scenario.meta.ttsLanguages {
            if let translated = delivered[language] { speak(sid: sid, language: language, transcript: text, text: translated) }
        }
        var replies = [answer("result", ["sid": sid, "text": text, "is_final": true, "translations": delivered])]
        let foreign = translations.keys.filter { !scenario.meta.translationLanguages.contains($0) }.sorted()
        let missing = scenario.meta.translationLanguages.filter { translations[$0] == nil }
        if !foreign.isEmpty || !missing.isEmpty {
            // Said, not dropped without a word: viewers of those languages see the original only.
            var words: [String] = []
            if !foreign.isEmpty { words.append("not sent (the session does not translate into them): \(foreign.joined(separator: ", "))") }
            if !missing.isEmpty { words.append("no translation given for \(missing.joined(separator: ", ")): its viewers see the original only") }
            if var warning = HostSockets.parse(HostSockets.error("translation_incomplete", "Sentence \(sid): " + words.joined(separator: "; "),
                                                                 severity: "warning", context: "translation")),
               var fields = warning["data"] as? Fields {
                fields["sid"] = sid
                warning["data"] = fields
                replies.append(warning)
            }
        }
        return replies
    }

    // MARK: - Spoken translation (seed 001: tts_ready)

    /// A BCP 47 language tag as VAS uses them: a 2–3 letter language, then subtags of 2–8 letters or digits.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// The host asked for speech and vas-sim has none to give: a warning, not a refusal.
    private func speechUnavailable(_ asked: [String]) -> [Fields] {
        guard !asked.isEmpty, settings.speech == nil else { return [] }
        let why = settings.speechMissing?.sentence ?? "no spoken translation"
        return [warning("tts_unavailable", "vas-sim has \(why): \(asked.joined(separator: ", ")) will not be spoken", context: "tts")]
    }

    /// Speaks a final translation, after the sentences before it, and sends `tts_ready` to the
    /// viewers of that language who asked for speech (the rule is `deliver`'s: live, not paused).
    private func speak(sid: Int, language: String, transcript: String, text: String) {
        guard let tools = settings.speech else { return }
        let voice = host.voices[language] ?? SpeechTools.voice(for: language)
        let before = host.speaking
        host.speaking = Task {
            await before?.value
            do throws(SpeechTools.Failure) {
                let spoken = try await tools.speak(text, voice: voice)
                self.spoken(spoken, sid: sid, language: language, transcript: transcript, text: text)
            } catch {
                self.speechFailed(error.description, sid: sid, language: language)
            }
        }
    }

    private func spoken(_ spoken: SpeechTools.Spoken, sid: Int, language: String, transcript: String, text: String) {
        count("tts_ready")
        applyEvent("tts_ready", json([
            "sid": sid, "language": language, "transcript": transcript, "text": text,
            "audio": spoken.mp3.base64EncodedString(), "format": "mp3", "duration_ms": spoken.durationMs,
            "boundaries": spoken.boundaries.map(\.fields),
        ]))
    }

    private func speechFailed(_ why: String, sid: Int, language: String) {
        count("tts_failed")
        HostSockets.log("no speech for sentence \(sid) (\(language)): \(why)")
        toHosts(answer("tts_error", ["sid": sid, "language": language, "message": why]))
    }

    // MARK: - Speakers

    private func rename(_ data: Fields) throws(HostError) -> [Fields] {
        let given = try text(data, "speaker_id")
        let label = try text(data, "new_label")
        guard label.count <= 100, !label.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw HostError(code: "invalid_parameter", message: "new_label: at most 100 characters, no control characters or line breaks")
        }
        // The original id, or a current label (seed: "or the current label for a repeat rename").
        let speaker = knownSpeakers.contains(given) ? given : host.labels.first { $0.value == given }?.key
        guard let speaker else { throw HostError(code: "speaker_not_found", message: "No speaker '\(given)' in this session") }
        host.labels[speaker] = label
        let affected = host.speakerOf.filter { $0.value == speaker }.map(\.key).sorted()
        let event: Fields = ["speaker_id": speaker, "new_label": label, "affected_sids": affected]
        applyEvent("speaker_renamed", json(event))
        return [answer("speaker_renamed", event)]
    }

    private func reassign(_ data: Fields) throws(HostError) -> [Fields] {
        guard let sid = data["sid"] as? Int else { throw HostError(code: "invalid_parameter", message: "sid must be a sentence number") }
        guard let old = host.speakerOf[sid] else { throw HostError(code: "sentence_not_found", message: "No sentence \(sid)") }
        let new = try text(data, "new_speaker_id")
        host.speakerOf[sid] = new
        let event: Fields = ["sid": sid, "old_speaker_id": old, "new_speaker_id": new, "new_speaker_label": host.labels[new] ?? new]
        applyEvent("speaker_reassigned", json(event))
        return [answer("speaker_reassigned", event)]
    }

    private func merge(_ data: Fields) throws(HostError) -> [Fields] {
        let source = try text(data, "source_speaker_id")
        let target = try text(data, "target_speaker_id")
        guard knownSpeakers.contains(source) else { throw HostError(code: "speaker_not_found", message: "No speaker '\(source)' in this session") }
        guard source != target else { throw HostError(code: "invalid_parameter", message: "A speaker cannot be merged into itself") }
        let affected = host.speakerOf.filter { $0.value == source }.map(\.key).sorted()
        for sid in affected { host.speakerOf[sid] = target }
        host.mergedInto[source] = target
        let event: Fields = ["source_speaker_id": source, "target_speaker_id": target,
                             "target_speaker_label": host.labels[target] ?? target, "affected_sids": affected]
        applyEvent("speakers_merged", json(event))
        return [answer("speakers_merged", event)]
    }

    private var knownSpeakers: Set<String> { Set(host.speakerOf.values).union(host.labels.keys) }

    // MARK: - The host's connections

    /// A host connection opened: its messages go to `outlet`. A host that comes back to a started
    /// session hears how many watch.
    func hostConnected(_ id: Int, _ outlet: AsyncStream<String>.Continuation, close: @escaping @Sendable () async -> Void = {}) {
        hostOutlets[id] = outlet
        closers["host-\(id)"] = close
        // A host that comes to a started session is told where it stands, before it acts.
        if host.stopped || ended {
            outlet.yield(json(answer("status", ["status": "ended", "message": "This broadcast has ended: a new session needs a new broadcast (restart vas-sim)"])))
        } else if host.started {
            if paused {
                outlet.yield(json(answer("status", ["status": "paused", "phase": phase,
                                                    "message": "The broadcast is paused (its host left without stop): send resume to go on"])))
            }
            outlet.yield(json(viewerCount))
        }
    }

    /// A host connection closed. When it was the last one and the session neither stopped nor
    /// ended, the host dropped: the broadcast pauses (seed 001: "host paused or disconnected"),
    /// and ends if no host has come back after `hostGrace` seconds. A host that comes back
    /// (a new ticket) and sends `resume` resumes it.
    func hostDisconnected(_ id: Int) {
        hostOutlets.removeValue(forKey: id)?.finish()
        closers.removeValue(forKey: "host-\(id)")
        guard hostOutlets.isEmpty, host.started, !host.stopped, !ended else { return }
        hostDrops += 1
        let drop = hostDrops
        HostSockets.log("the host dropped without stop: the broadcast is paused; it ends in \(Int(settings.hostGrace)) s unless a host comes back")
        if !paused {
            applyEvent("paused", json(["message": Self.pausedByDrop]))
            notifyStatus("paused")
        }
        let grace = settings.hostGrace
        Task {
            try? await Task.sleep(for: .seconds(grace))
            self.endIfHostStillGone(since: drop)
        }
    }

    static let pausedByDrop = "Live stream is paused: the host disconnected"

    private func endIfHostStillGone(since drop: Int) {
        guard drop == hostDrops, hostOutlets.isEmpty, !host.stopped, !ended else { return }
        HostSockets.log("no host came back in \(Int(settings.hostGrace)) s: the broadcast has ended")
        host.stopped = true
        applyEvent("ended", json(["message": "Broadcast has ended: the host did not come back"]))
        notifyStatus("ended")
    }

    // MARK: - Viewers, as the host hears of them (vas-host-api.md: names public, shapes assumed)

    func viewerJoined(_ id: Int, language: String?, tts: Bool) {
        toHosts(answer("viewer_joined", ["viewer_id": "viewer-\(id)", "language": language ?? NSNull(), "tts": tts,
                                         "viewer_count": admittedCount]))
        viewerCountChanged()
    }

    func viewerLeft(_ id: Int) {
        toHosts(answer("viewer_left", ["viewer_id": "viewer-\(id)", "viewer_count": admittedCount]))
        viewerCountChanged()
    }

    func viewerCountChanged() { toHosts(viewerCount) }

    private var viewerCount: Fields {
        answer("viewer_count", ["viewer_count": admittedCount, "queued": queuedCount])
    }

    private func toHosts(_ message: Fields) {
        guard host.started else { return }
        let text = json(message)
        for outlet in hostOutlets.values { outlet.yield(text) }
    }

    // MARK: - Notifications (seed 002)

    func listen(_ id: Int, _ continuation: AsyncStream<String>.Continuation, close: @escaping @Sendable () async -> Void = {}) {
        listeners[id] = Listener(continuation: continuation)
        closers["listener-\(id)"] = close
    }

    func stopListening(_ id: Int) {
        listeners.removeValue(forKey: id)?.continuation.finish()
        closers.removeValue(forKey: "listener-\(id)")
    }

    /// Closes every host (`hosts`) or notification (`listeners`) connection as a server going away
    /// would (close code 1001): for tests of what a client does when its connection drops.
    func drop(_ who: String) -> Int {
        let prefix = who == "hosts" ? "host-" : "listener-"
        let chosen = closers.filter { $0.key.hasPrefix(prefix) }
        for close in chosen.values { Task { await close() } }
        return chosen.count
    }

    /// `broadcast:TOKEN` is this broadcast's channel; nil when the channel names nothing here.
    func subscribe(_ id: Int, to channel: String) -> Bool {
        guard channel == "broadcast:\(settings.token)" else { return false }
        listeners[id]?.channels.insert(channel)
        return true
    }

    func unsubscribe(_ id: Int, from channel: String) -> Bool {
        listeners[id]?.channels.remove(channel) != nil
    }

    private func notifyStatus(_ status: String) {
        notify(["type": "status_update", "data": ["entity_type": "broadcast", "entity_id": settings.token, "status": status]])
    }

    private func notify(_ message: Fields) {
        let text = json(message)
        for listener in listeners.values where listener.channels.contains("broadcast:\(settings.token)") {
            listener.continuation.yield(text)
        }
    }

    // MARK: - Helpers

    private func warning(_ code: String, _ message: String, context: String) -> Fields {
        ["type": "error", "data": HostSockets.errorBody(code, message, severity: "warning", context: context)]
    }

    private func answer(_ action: String, _ fields: Fields) -> Fields {
        ["type": "voice-translation", "data": fields.merging(["action": action]) { $1 }]
    }

    private func text(_ data: Fields, _ name: String) throws(HostError) -> String {
        guard let value = data[name] as? String, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw HostError(code: "invalid_parameter", message: "\(name) is required (a non-empty string)")
        }
        return value
    }

    private func withTranslations(_ fields: Fields, _ data: Fields) -> Fields {
        guard let translations = data["translations"] as? [String: String], !translations.isEmpty else { return fields }
        return fields.merging(["translations": translations]) { $1 }
    }
}

/// What `start` asks of speech. Seed 001 says only that "the host must specify which languages have
/// TTS enabled via the tts_config parameter"; its shape is assumed (docs/api-assumptions.md):
/// `{"languages": ["en-US"], "voice": "en-us" | {"en-US": "en-us"}}`. `tts_languages` at the top
/// (vas-sim's earlier guess) is taken too.
struct SpeechRequest {
    var languages: [String] = []
    var voices: [String: String] = [:]

    init(_ data: [String: Any], translated: [String]) throws(HostError) {
        let config = data["tts_config"]
        if let config, !(config is [String: Any]) {
            throw HostError(code: "invalid_parameter", message: "tts_config is an object: {\"languages\": [\"en-US\"], \"voice\": \"en-us\"}")
        }
        let fields = config as? [String: Any] ?? [:]
        guard let languages = (fields["languages"] ?? data["tts_languages"] ?? [String]()) as? [String] else {
            throw HostError(code: "invalid_parameter", message: "tts_config.languages is a list of languages, e.g. [\"en-US\"]")
        }
        let foreign = languages.filter { !translated.contains($0) }
        guard foreign.isEmpty else {
            throw HostError(code: "invalid_parameter", message: "tts_config.languages must be among translation_languages (\(translated.joined(separator: ", "))): not \(foreign.joined(separator: ", "))")
        }
        self.languages = languages
        switch fields["voice"] {
        case nil: break
        case let voice as String: for language in languages { voices[language] = voice }
        case let voices as [String: String]: self.voices = voices
        default: throw HostError(code: "invalid_parameter", message: "tts_config.voice is an espeak-ng voice (\"en-us\"), or one per language ({\"en-US\": \"en-us\"})")
        }
    }
}


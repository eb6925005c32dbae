/// Every event of the Broadcast Viewer SSE API (V1.5.7), typed.
///
/// Text fields have passed `TextSanitizer` already: nothing here can move a
/// cursor or rename a terminal window.
public enum BroadcastEvent: Equatable, Sendable {
    case connected(Connected)
    case queued(Queued)
    case admitted(message: String?)
    case origin(Origin)
    case translation(Translation)
    case ttsReady(TTSReady)
    case paused(message: String?)
    case resumed(message: String?)
    case ended(message: String?)
    case kicked(message: String?)
    case speakerRenamed(SpeakerRenamed)
    case speakerReassigned(SpeakerReassigned)
    case speakersMerged(SpeakersMerged)
    case recordingStarted
    case maxViewersChanged(maxViewers: Int)
    case accessTypeChanged
    case passCodeChanged
    case standby(LocalizedMessage)
    case phaseChanged(PhaseChanged)
    case announcement(LocalizedMessage)
    case error(ServerError)
    /// The `: heartbeat` comment the server sends every 15 s.
    case heartbeat

    /// The SSE event type names of the document, in its order.
    public static let typeNames = [
        "connected", "queued", "admitted", "origin", "translation", "tts_ready", "paused",
        "resumed", "ended", "kicked", "speaker_renamed", "speaker_reassigned", "speakers_merged",
        "recording_started", "max_viewers_changed", "access_type_changed", "pass_code_changed",
        "standby", "phase_changed", "announcement", "error",
    ]
}

/// A value the API names with a string, keeping names it does not know as `.other(name)`.
/// One table per type serves both directions: decoding (`init(_:)`) and the journal (`name`).
public protocol APIName: Equatable, Sendable {
    static var names: [(value: Self, name: String)] { get }
    static func other(_ name: String) -> Self
    /// The payload of `.other(name)`; nil for the named values.
    var otherName: String? { get }
}

extension APIName {
    public init(_ name: String) {
        self = Self.names.first { $0.name == name }?.value ?? .other(name)
    }

    /// The name the API uses for this value.
    public var name: String {
        otherName ?? Self.names.first { $0.value == self }?.name ?? ""
    }
}

/// The broadcast's phase as the server names it.
public enum BroadcastPhase: APIName, Hashable {
    case standby, live
    case other(String)

    public static let names: [(value: Self, name: String)] = [(.standby, "standby"), (.live, "live")]
    public var otherName: String? { if case .other(let name) = self { name } else { nil } }
}

public enum RecognitionMode: APIName, Hashable {
    case single, multiSpeaker
    case other(String)

    public static let names: [(value: Self, name: String)] = [(.single, "single"), (.multiSpeaker, "multi_speaker")]
    public var otherName: String? { if case .other(let name) = self { name } else { nil } }
}

public struct Connected: Equatable, Sendable {
    public var availableLanguages: [String] = []
    /// Languages with speech; `[]` means the broadcast has none, nil that the event did not say.
    public var ttsLanguages: [String]?
    public var phase: BroadcastPhase?
    public var recognitionMode: RecognitionMode?
    public init(availableLanguages: [String] = [], ttsLanguages: [String]? = nil,
                phase: BroadcastPhase? = nil, recognitionMode: RecognitionMode? = nil) {
        self.availableLanguages = availableLanguages
        self.ttsLanguages = ttsLanguages
        self.phase = phase
        self.recognitionMode = recognitionMode
    }
}

public struct Queued: Equatable, Sendable {
    public var position: Int
    public var estimatedWait: String?
    public init(position: Int, estimatedWait: String? = nil) {
        self.position = position
        self.estimatedWait = estimatedWait
    }
}

/// Who said a sentence, in conversation mode.
public struct SpeakerTag: Equatable, Hashable, Sendable {
    public var id: String?
    public var label: String?
    public init(id: String?, label: String?) {
        self.id = id
        self.label = label
    }
}

public struct Origin: Equatable, Sendable {
    public var sid: Int
    public var text: String
    /// Missing `is_final` counts as final: better shown than lost.
    public var isFinal: Bool = true
    public var language: String?
    public var speaker = SpeakerTag(id: nil, label: nil)
    /// `mm:ss` as sent; absent during standby.
    public var startTime: String?
    public init(sid: Int, text: String, isFinal: Bool = true, language: String? = nil,
                speaker: SpeakerTag = SpeakerTag(id: nil, label: nil), startTime: String? = nil) {
        self.sid = sid
        self.text = text
        self.isFinal = isFinal
        self.language = language
        self.speaker = speaker
        self.startTime = startTime
    }
}

public struct Translation: Equatable, Sendable {
    public var sid: Int
    public var language: String
    public var text: String
    public var isFinal: Bool = true
    public var speaker = SpeakerTag(id: nil, label: nil)
    public init(sid: Int, language: String, text: String, isFinal: Bool = true,
                speaker: SpeakerTag = SpeakerTag(id: nil, label: nil)) {
        self.sid = sid
        self.language = language
        self.text = text
        self.isFinal = isFinal
        self.speaker = speaker
    }
}

public struct WordBoundary: Equatable, Sendable {
    public var offsetMs: Int
    public var durationMs: Int
    public var text: String
    /// UTF-16 code units into the translated text (see docs/api-assumptions.md).
    public var textOffset: Int
    public var wordLength: Int
    public init(offsetMs: Int, durationMs: Int, text: String, textOffset: Int, wordLength: Int) {
        self.offsetMs = offsetMs
        self.durationMs = durationMs
        self.text = text
        self.textOffset = textOffset
        self.wordLength = wordLength
    }
}

public struct TTSReady: Equatable, Sendable {
    public var sid: Int
    public var language: String
    public var transcript: String?
    public var text: String?
    /// Base64 MP3, still encoded: the audio path decodes it and reports bad input itself.
    public var audio: String
    public var format: String?
    public var durationMs: Int?
    public var boundaries: [WordBoundary] = []
    public init(sid: Int, language: String, transcript: String? = nil, text: String? = nil,
                audio: String, format: String? = nil, durationMs: Int? = nil,
                boundaries: [WordBoundary] = []) {
        self.sid = sid
        self.language = language
        self.transcript = transcript
        self.text = text
        self.audio = audio
        self.format = format
        self.durationMs = durationMs
        self.boundaries = boundaries
    }
}

public struct SpeakerRenamed: Equatable, Sendable {
    public var speakerID: String
    public var newLabel: String
    public var affectedSids: [Int] = []
    public init(speakerID: String, newLabel: String, affectedSids: [Int] = []) {
        self.speakerID = speakerID
        self.newLabel = newLabel
        self.affectedSids = affectedSids
    }
}

public struct SpeakerReassigned: Equatable, Sendable {
    public var sid: Int
    public var oldSpeakerID: String?
    public var newSpeakerID: String
    public var newSpeakerLabel: String?
    public init(sid: Int, oldSpeakerID: String? = nil, newSpeakerID: String, newSpeakerLabel: String? = nil) {
        self.sid = sid
        self.oldSpeakerID = oldSpeakerID
        self.newSpeakerID = newSpeakerID
        self.newSpeakerLabel = newSpeakerLabel
    }
}

public struct SpeakersMerged: Equatable, Sendable {
    public var sourceSpeakerID: String
    public var targetSpeakerID: String
    public var targetSpeakerLabel: String?
    public var affectedSids: [Int] = []
    public init(sourceSpeakerID: String, targetSpeakerID: String, targetSpeakerLabel: String? = nil,
                affectedSids: [Int] = []) {
        self.sourceSpeakerID = sourceSpeakerID
        self.targetSpeakerID = targetSpeakerID
        self.targetSpeakerLabel = targetSpeakerLabel
        self.affectedSids = affectedSids
    }
}

public struct PhaseChanged: Equatable, Sendable {
    public var phase: BroadcastPhase
    public var message: String?
    public init(phase: BroadcastPhase, message: String? = nil) {
        self.phase = phase
        self.message = message
    }
}

/// The `error` event: sentence-level (with `sid`), session-level, or fatal.
public struct ServerError: Equatable, Sendable {
    public var code: String
    public var message: String?
    public var severity: Severity
    public var context: String?
    public var sid: Int?
    public var translationLanguage: String?
    /// Debug details, values flattened to text.
    public var details: [String: String] = [:]
    public var timestamp: String?

    public enum Severity: APIName {
        case warning, error, fatal
        case other(String)

        public static let names: [(value: Self, name: String)] = [(.warning, "warning"), (.error, "error"), (.fatal, "fatal")]
        public var otherName: String? { if case .other(let name) = self { name } else { nil } }
    }

    public init(code: String, message: String? = nil, severity: Severity = .error, context: String? = nil,
                sid: Int? = nil, translationLanguage: String? = nil, details: [String: String] = [:],
                timestamp: String? = nil) {
        self.code = code
        self.message = message
        self.severity = severity
        self.context = context
        self.sid = sid
        self.translationLanguage = translationLanguage
        self.details = details
        self.timestamp = timestamp
    }
}

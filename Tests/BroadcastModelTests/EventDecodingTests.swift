import Testing
import TestSupport
@testable import BroadcastModel

func decode(_ type: String, _ data: String) -> DecodedEvent {
    BroadcastEventDecoder.decode(SSEEvent(type: type, data: data))
}

/// Every example of the SSE document, decoded to the exact value.
@Suite struct EventDecodingTests {
    @Test func connected() {
        #expect(decode("connected", #"{"available_langs":["en-US","ja-JP"],"tts_languages":["en-US"],"phase":"standby","recognition_mode":"single"}"#)
            == .event(.connected(Connected(availableLanguages: ["en-US", "ja-JP"], ttsLanguages: ["en-US"],
                                           phase: .standby, recognitionMode: .single))))
        #expect(decode("connected", #"{"phase":"live","recognition_mode":"multi_speaker"}"#)
            == .event(.connected(Connected(phase: .live, recognitionMode: .multiSpeaker))))
    }

    @Test func queuedAndAdmitted() {
        #expect(decode("queued", #"{"position":3,"estimated_wait":"About 2 minutes"}"#)
            == .event(.queued(Queued(position: 3, estimatedWait: "About 2 minutes"))))
        #expect(decode("admitted", #"{"message":"Entered the live stream"}"#)
            == .event(.admitted(message: "Entered the live stream")))
    }

    @Test func origin() {
        #expect(decode("origin", #"{"sid":1,"text":"Hello everyone","is_final":true,"language":"zh-TW","speaker_id":"Guest-1","speaker_label":"Royx","start_time":"00:05"}"#)
            == .event(.origin(Origin(sid: 1, text: "Hello everyone", isFinal: true, language: "zh-TW",
                                     speaker: SpeakerTag(id: "Guest-1", label: "Royx"), startTime: "00:05"))))
        // Single-speaker, standby: no speaker, no time; a partial.
        #expect(decode("origin", #"{"sid":2,"text":"大家","is_final":false,"language":"zh-TW"}"#)
            == .event(.origin(Origin(sid: 2, text: "大家", isFinal: false, language: "zh-TW"))))
    }

    @Test func translation() {
        #expect(decode("translation", #"{"sid":1,"language":"en-US","text":"Hello everyone","speaker_id":"Guest-1","speaker_label":"Royx","is_final":true}"#)
            == .event(.translation(Translation(sid: 1, language: "en-US", text: "Hello everyone", isFinal: true,
                                               speaker: SpeakerTag(id: "Guest-1", label: "Royx")))))
    }

    @Test func ttsReady() {
        let data = #"{"sid":1,"language":"en-US","transcript":"你好","text":"Hello","audio":"SUQz","format":"mp3","duration_ms":2340,"boundaries":[{"offset_ms":0,"duration_ms":320,"text":"Hello","text_offset":0,"word_length":5}]}"#
        #expect(decode("tts_ready", data) == .event(.ttsReady(TTSReady(
            sid: 1, language: "en-US", transcript: "你好", text: "Hello", audio: "SUQz", format: "mp3", durationMs: 2340,
            boundaries: [WordBoundary(offsetMs: 0, durationMs: 320, text: "Hello", textOffset: 0, wordLength: 5)]))))
    }

    @Test func ttsReadyKeepsAudioWhenABoundaryIsBad() {
        let data = #"{"sid":1,"language":"en-US","audio":"SUQz","boundaries":[{"offset_ms":"x","text_offset":0,"word_length":5},{"offset_ms":10,"text_offset":6,"word_length":5}, 7]}"#
        guard case .event(.ttsReady(let tts)) = decode("tts_ready", data) else {
            Issue.record("not decoded")
            return
        }
        #expect(tts.audio == "SUQz")
        #expect(tts.boundaries == [WordBoundary(offsetMs: 10, durationMs: 0, text: "", textOffset: 6, wordLength: 5)])
    }

    @Test func messageEvents() {
        #expect(decode("paused", #"{"message":"Live stream is paused"}"#) == .event(.paused(message: "Live stream is paused")))
        #expect(decode("resumed", #"{"message":"Live stream has resumed"}"#) == .event(.resumed(message: "Live stream has resumed")))
        #expect(decode("ended", #"{"message":"Broadcast has ended"}"#) == .event(.ended(message: "Broadcast has ended")))
        #expect(decode("kicked", #"{"message":"Removed by the host"}"#) == .event(.kicked(message: "Removed by the host")))
        #expect(decode("ended", "{}") == .event(.ended(message: nil)))
    }

    @Test func speakerEvents() {
        #expect(decode("speaker_renamed", #"{"speaker_id":"Guest-1","new_label":"Royx","affected_sids":[1,3,5]}"#)
            == .event(.speakerRenamed(SpeakerRenamed(speakerID: "Guest-1", newLabel: "Royx", affectedSids: [1, 3, 5]))))
        #expect(decode("speaker_reassigned", #"{"sid":3,"old_speaker_id":"Guest-1","new_speaker_id":"Guest-2","new_speaker_label":"Amy"}"#)
            == .event(.speakerReassigned(SpeakerReassigned(sid: 3, oldSpeakerID: "Guest-1", newSpeakerID: "Guest-2", newSpeakerLabel: "Amy"))))
        #expect(decode("speakers_merged", #"{"source_speaker_id":"Guest-2","target_speaker_id":"Guest-1","target_speaker_label":"Manager Wang","affected_sids":[3,5,7]}"#)
            == .event(.speakersMerged(SpeakersMerged(sourceSpeakerID: "Guest-2", targetSpeakerID: "Guest-1",
                                                     targetSpeakerLabel: "Manager Wang", affectedSids: [3, 5, 7]))))
    }

    @Test func eventsWithoutData() {
        for data in ["", "{}", "null", "not json at all"] {
            #expect(decode("recording_started", data) == .event(.recordingStarted))
            #expect(decode("access_type_changed", data) == .event(.accessTypeChanged))
            #expect(decode("pass_code_changed", data) == .event(.passCodeChanged))
        }
    }

    @Test func maxViewersAndPhase() {
        #expect(decode("max_viewers_changed", #"{"max_viewers":200}"#) == .event(.maxViewersChanged(maxViewers: 200)))
        #expect(decode("phase_changed", #"{"phase":"live","message":"Broadcast has started"}"#)
            == .event(.phaseChanged(PhaseChanged(phase: .live, message: "Broadcast has started"))))
    }

    @Test func standbyAndAnnouncement() {
        let standby = #"{"message":"The presentation is about to begin...","translations":{"en-US":"The presentation is about to begin...","ja-JP":"プレゼンテーションがまもなく始まります..."}}"#
        #expect(decode("standby", standby) == .event(.standby(LocalizedMessage(
            original: "The presentation is about to begin...",
            translations: ["en-US": "The presentation is about to begin...", "ja-JP": "プレゼンテーションがまもなく始まります..."]))))
        #expect(decode("announcement", #"{"message":"The meeting will end in 5 minutes"}"#)
            == .event(.announcement(LocalizedMessage(original: "The meeting will end in 5 minutes"))))
    }

    @Test func errors() {
        #expect(decode("error", #"{"error_code":"broadcast_session_ended","message":"Broadcast session ended","severity":"error"}"#)
            == .event(.error(ServerError(code: "broadcast_session_ended", message: "Broadcast session ended", severity: .error))))
        #expect(decode("error", #"{"error_code":"llm_content_filtered","severity":"warning","message":"Content filtered","context":"translation","sid":5,"translation_language":"ja","timestamp":"2026-04-26T10:30:45.123Z"}"#)
            == .event(.error(ServerError(code: "llm_content_filtered", message: "Content filtered", severity: .warning,
                                         context: "translation", sid: 5, translationLanguage: "ja",
                                         timestamp: "2026-04-26T10:30:45.123Z"))))
        #expect(decode("error", #"{"error_code":"translation_service_unavailable","severity":"error","message":"Translation service unavailable","context":"translation","timestamp":"2026-04-26T10:30:45.123Z","details":{"provider":"azure_openai","last_error_code":"llm_provider_error","fail_count":5}}"#)
            == .event(.error(ServerError(code: "translation_service_unavailable", message: "Translation service unavailable",
                                         severity: .error, context: "translation",
                                         details: ["provider": "azure_openai", "last_error_code": "llm_provider_error", "fail_count": "5"],
                                         timestamp: "2026-04-26T10:30:45.123Z"))))
    }

    @Test func allTwentyOneTypesAreKnown() {
        #expect(BroadcastEvent.typeNames.count == 21)
        for name in BroadcastEvent.typeNames {
            if case .unknown = decode(name, "{}") { Issue.record("\(name) is treated as unknown") }
        }
    }

    @Test func unknownTypesAreReportedNotDecoded() {
        #expect(decode("message", #"{"sid":1}"#) == .unknown(type: "message"))
        #expect(decode("subtitle_v2", "{}") == .unknown(type: "subtitle_v2"))
    }

    @Test func unknownFieldsAreIgnored() {
        #expect(decode("queued", #"{"position":1,"future":{"a":[1,2,{"b":null}]},"x":"y"}"#)
            == .event(.queued(Queued(position: 1))))
    }

    @Test(arguments: [
        ("origin", #"{"sid":1,"text":"x""#, "unexpected end"),
        ("origin", #"{"sid":"1","text":"x"}"#, "field 'sid': expected a number"),
        ("origin", #"{"text":"x"}"#, "missing field 'sid'"),
        ("origin", #"{"sid":1.5,"text":"x"}"#, "expected a whole number"),
        ("translation", #"{"sid":1,"text":"x"}"#, "missing field 'language'"),
        ("origin", #"{"sid":1,"text":"x","is_final":"yes"}"#, "field 'is_final': expected true or false"),
        ("connected", #"{"available_langs":"en-US"}"#, "field 'available_langs': expected an array of strings"),
        ("queued", #"[1,2]"#, "expected '{'"),
        ("tts_ready", #"{"sid":1,"language":"en-US"}"#, "missing field 'audio'"),
        ("speaker_renamed", #"{"speaker_id":"G","new_label":"L","affected_sids":["1"]}"#, "expected an array of numbers"),
        ("error", "", "unexpected end of JSON"),
        ("standby", #"{"message":"x"} trailing"#, "unexpected text after the JSON value"),
    ])
    func malformedDataBecomesADiagnostic(type: String, data: String, reason: String) {
        guard case .malformed(let gotType, let gotReason) = decode(type, data) else {
            Issue.record("\(type) \(data) was not reported as malformed")
            return
        }
        #expect(gotType == type)
        #expect(gotReason.contains(reason), "\(gotReason)")
    }

    @Test func nullMeansAbsent() {
        #expect(decode("origin", #"{"sid":1,"text":"x","speaker_id":null,"start_time":null,"is_final":null}"#)
            == .event(.origin(Origin(sid: 1, text: "x"))))
    }

    @Test func textFieldsAreSanitisedAtDecoding() {
        #expect(decode("origin", #"{"sid":1,"text":"hi\u001b]0;owned\u0007 there\u202e","speaker_label":"\u001b[31mRed"}"#)
            == .event(.origin(Origin(sid: 1, text: "hi there", speaker: SpeakerTag(id: nil, label: "Red")))))
        #expect(decode("announcement", #"{"message":"a\nb","translations":{"en-US":"c\u009b2Jd"}}"#)
            == .event(.announcement(LocalizedMessage(original: "a b", translations: ["en-US": "cd"]))))
    }

    @Test func heartbeatComment() {
        #expect(BroadcastEventDecoder.decode(comment: "heartbeat") == .heartbeat)
        #expect(BroadcastEventDecoder.decode(comment: " heartbeat") == .heartbeat)
        #expect(BroadcastEventDecoder.decode(comment: "something else") == nil)
    }
}

@Suite struct APINameTests {
    /// The journal writes `name` and reads it back with `init(_:)`: both come from one table.
    @Test func everyNameRoundTripsAndUnknownNamesAreKept() {
        for (value, name) in RecognitionMode.names { #expect(RecognitionMode(name) == value && value.name == name) }
        for (value, name) in BroadcastPhase.names { #expect(BroadcastPhase(name) == value && value.name == name) }
        for (value, name) in ServerError.Severity.names { #expect(ServerError.Severity(name) == value && value.name == name) }
        #expect(RecognitionMode("multi_speaker") == .multiSpeaker)
        #expect(RecognitionMode("panel").name == "panel")
        #expect(ServerError.Severity("notice") == .other("notice"))
        #expect(BroadcastPhase("").name == "")
    }
}

import BroadcastModel

// Events and transcripts written in one line, for the tests of every module.

public func origin(_ sid: Int, _ text: String, final: Bool = true, speaker: String? = nil, label: String? = nil,
            start: String? = nil) -> BroadcastEvent {
    .origin(Origin(sid: sid, text: text, isFinal: final, language: "zh-TW",
                   speaker: SpeakerTag(id: speaker, label: label), startTime: start))
}

public func translation(_ sid: Int, _ language: String, _ text: String, final: Bool = true,
                 speaker: String? = nil, label: String? = nil) -> BroadcastEvent {
    .translation(Translation(sid: sid, language: language, text: text, isFinal: final,
                             speaker: SpeakerTag(id: speaker, label: label)))
}

public func transcript(_ events: [BroadcastEvent]) -> Transcript {
    var transcript = Transcript()
    for event in events { transcript.apply(event) }
    return transcript
}

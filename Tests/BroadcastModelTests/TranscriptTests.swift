import Testing
import TestSupport
@testable import BroadcastModel

extension Transcript {
    /// Speaker label per sid in the current segment.
    var labels: [Int: String] {
        var result: [Int: String] = [:]
        for sentence in current.sentences.values { result[sentence.sid] = current.speakerLabel(of: sentence) }
        return result
    }
}

@Suite struct TranscriptSentences {
    @Test func oneSentencePerSidInOrderOfFirstAppearance() {
        let t = transcript([origin(2, "b"), origin(1, "a"), origin(2, "b2"), translation(3, "en-US", "c")])
        #expect(Array(t.current.sentences.keys) == [2, 1, 3])
        #expect(t.current.sentences[2]?.original == "b2")
    }

    @Test func partialUpdatesInPlaceAndFinalStaysFinal() {
        var t = transcript([origin(1, "大", final: false), origin(1, "大家", final: false)])
        #expect(t.current.sentences[1]?.original == "大家")
        #expect(t.current.sentences[1]?.isFinal == false)
        t.apply(origin(1, "大家好。"))
        t.apply(origin(1, "大家好", final: false))  // a late partial
        #expect(t.current.sentences[1]?.original == "大家好。")
        #expect(t.current.sentences[1]?.isFinal == true)
        t.apply(origin(1, "大家好！"))  // a corrected final replaces the final
        #expect(t.current.sentences[1]?.original == "大家好！")
    }

    @Test func originKeepsTimeAndLanguageWhenALaterEventOmitsThem() {
        let t = transcript([origin(1, "a", final: false, start: "00:05"), .origin(Origin(sid: 1, text: "ab"))])
        #expect(t.current.sentences[1]?.startTime == "00:05")
        #expect(t.current.sentences[1]?.language == "zh-TW")
        #expect(t.current.sentences[1]?.startSeconds == 5)
    }

    @Test func translationsPerLanguageAndFinalStaysFinal() {
        let t = transcript([
            origin(1, "你好"), translation(1, "en-US", "Hel", final: false), translation(1, "en-US", "Hello"),
            translation(1, "en-US", "Hell", final: false), translation(1, "ja-JP", "こんにちは"),
        ])
        #expect(t.current.sentences[1]?.translations == [
            "en-US": TranslatedText(text: "Hello", isFinal: true),
            "ja-JP": TranslatedText(text: "こんにちは", isFinal: true),
        ])
        #expect(Array(t.languages) == ["en-US", "ja-JP"])
    }

    @Test func translationMayArriveBeforeItsOrigin() {
        let t = transcript([translation(7, "en-US", "Thanks"), origin(7, "謝謝", start: "00:30")])
        let sentence = t.current.sentences[7]
        #expect(sentence?.original == "謝謝")
        #expect(sentence?.translations["en-US"]?.text == "Thanks")
        #expect(sentence?.startTime == "00:30")
    }

    @Test func repeatedEventsChangeNothing() {
        let events = [origin(1, "a", speaker: "G1", label: "Ann"), translation(1, "en-US", "A"),
                      origin(2, "b", speaker: "G2"), .speakerRenamed(SpeakerRenamed(speakerID: "G1", newLabel: "Bo"))]
        // After a reconnect the server may send everything again.
        #expect(transcript(events + events) == transcript(events))
    }

    @Test func ttsTextFillsAMissingTranslationOnly() {
        let tts = BroadcastEvent.ttsReady(TTSReady(sid: 1, language: "en-US", text: "Spoken", audio: ""))
        #expect(transcript([origin(1, "說"), tts]).current.sentences[1]?.translations["en-US"]?.text == "Spoken")
        #expect(transcript([origin(1, "說"), translation(1, "en-US", "Said"), tts])
            .current.sentences[1]?.translations["en-US"]?.text == "Said")
    }
}

@Suite struct TranscriptErrors {
    static let connected = BroadcastEvent.connected(Connected(availableLanguages: ["en-US", "ja-JP", "zh-CN", "zh-HK"]))

    func failure(sid: Int, language: String?) -> BroadcastEvent {
        .error(ServerError(code: "llm_content_filtered", message: "Content filtered", severity: .warning,
                           sid: sid, translationLanguage: language))
    }

    @Test func exactLanguageMatch() {
        let t = transcript([Self.connected, origin(1, "x"), failure(sid: 1, language: "en-US")])
        #expect(t.current.sentences[1]?.errors == ["en-US": "Content filtered"])
    }

    @Test func primarySubtagMatchWhenNoExactOne() {
        let t = transcript([Self.connected, origin(5, "x"), failure(sid: 5, language: "ja")])
        #expect(t.current.sentences[5]?.errors == ["ja-JP": "Content filtered"])
        let zh = transcript([Self.connected, origin(5, "x"), failure(sid: 5, language: "zh")])
        #expect(zh.current.sentences[5]?.errors == ["zh-CN": "Content filtered", "zh-HK": "Content filtered"])
    }

    @Test func languageSeenOnlyInTranslationsCountsToo() {
        let t = transcript([origin(1, "x"), translation(1, "ko-KR", "y", final: false), failure(sid: 1, language: "ko")])
        #expect(t.current.sentences[1]?.errors == ["ko-KR": "Content filtered"])
    }

    @Test func unknownLanguageIsKeptAsGiven() {
        let t = transcript([Self.connected, origin(1, "x"), failure(sid: 1, language: "fr")])
        #expect(t.current.sentences[1]?.errors == ["fr": "Content filtered"])
    }

    @Test func errorBeforeOriginAndClearedByALaterTranslation() {
        var t = transcript([Self.connected, failure(sid: 2, language: "ja"), origin(2, "x")])
        #expect(t.current.sentences[2]?.errors["ja-JP"] == "Content filtered")
        t.apply(translation(2, "ja-JP", "やっと"))
        #expect(t.current.sentences[2]?.errors.isEmpty == true)
    }

    @Test func sessionLevelErrorTouchesNoSentence() {
        let t = transcript([origin(1, "x"), .error(ServerError(code: "translation_service_unavailable"))])
        #expect(t.current.sentences[1]?.errors.isEmpty == true)
    }
}

@Suite struct TranscriptSpeakers {
    @Test func labelFromTheEventAndIdWhenNoLabel() {
        let t = transcript([origin(1, "a", speaker: "Guest-1", label: "Royx"), origin(2, "b", speaker: "Guest-2")])
        #expect(t.labels == [1: "Royx", 2: "Guest-2"])
    }

    @Test func renameRelabelsEarlierAndLaterSentences() {
        var t = transcript([origin(1, "a", speaker: "Guest-1"), origin(2, "b", speaker: "Guest-2"),
                            origin(3, "c", speaker: "Guest-1")])
        let change = t.apply(.speakerRenamed(SpeakerRenamed(speakerID: "Guest-1", newLabel: "Royx", affectedSids: [1])))
        #expect(change == .speakers(sids: [1, 3]))
        t.apply(origin(4, "d", speaker: "Guest-1", label: "Royx"))
        #expect(t.labels == [1: "Royx", 2: "Guest-2", 3: "Royx", 4: "Royx"])
    }

    @Test func aStaleLabelAfterARenameDoesNotUndoIt() {
        var t = transcript([origin(1, "a", speaker: "Guest-1", label: "Guest-1")])
        t.apply(.speakerRenamed(SpeakerRenamed(speakerID: "Guest-1", newLabel: "Royx")))
        // Prepared before the rename, sent after it.
        t.apply(translation(1, "en-US", "A", speaker: "Guest-1", label: "Guest-1"))
        t.apply(origin(2, "b", speaker: "Guest-1", label: "Guest-1"))
        #expect(t.labels == [1: "Royx", 2: "Royx"])
    }

    @Test func theLatestSentenceLabelStandsUntilTheHostNamesTheSpeaker() {
        let t = transcript([origin(1, "a", speaker: "Guest-1", label: "Ann"), origin(2, "b", speaker: "Guest-1", label: "Anna")])
        #expect(t.labels == [1: "Anna", 2: "Anna"])
    }

    @Test func renameAppliesToListedSidsEvenIfTheyWereElsewhere() {
        var t = transcript([origin(1, "a", speaker: "Guest-2")])
        t.apply(.speakerRenamed(SpeakerRenamed(speakerID: "Guest-1", newLabel: "Royx", affectedSids: [1])))
        #expect(t.current.sentences[1]?.speakerID == "Guest-1")
        #expect(t.labels == [1: "Royx"])
    }

    @Test func reassignMovesOneSentenceOnly() {
        var t = transcript([origin(1, "a", speaker: "Guest-1"), origin(2, "b", speaker: "Guest-1")])
        t.apply(.speakerReassigned(SpeakerReassigned(sid: 2, oldSpeakerID: "Guest-1", newSpeakerID: "Guest-2",
                                                     newSpeakerLabel: "Amy")))
        t.apply(origin(3, "c", speaker: "Guest-1"))
        #expect(t.labels == [1: "Guest-1", 2: "Amy", 3: "Guest-1"])
        // A rename of the old speaker no longer touches the reassigned sentence.
        t.apply(.speakerRenamed(SpeakerRenamed(speakerID: "Guest-1", newLabel: "Bob")))
        #expect(t.labels == [1: "Bob", 2: "Amy", 3: "Bob"])
    }

    @Test func mergeMovesEverySentenceOfTheSourceAndLaterOnes() {
        var t = transcript([origin(1, "a", speaker: "Guest-1"), origin(2, "b", speaker: "Guest-2"),
                            origin(3, "c", speaker: "Guest-2")])
        // affected_sids lists only 2; sentence 3 is the source's too.
        t.apply(.speakersMerged(SpeakersMerged(sourceSpeakerID: "Guest-2", targetSpeakerID: "Guest-1",
                                               targetSpeakerLabel: "Manager Wang", affectedSids: [2])))
        // A late sentence still tagged with the merged-away speaker and its stale label.
        t.apply(origin(4, "d", speaker: "Guest-2", label: "Guest-2"))
        #expect(t.labels == [1: "Manager Wang", 2: "Manager Wang", 3: "Manager Wang", 4: "Manager Wang"])
        #expect(t.current.sentences.values.allSatisfy { $0.speakerID == "Guest-1" })
    }

    @Test func mergeChainsResolveToTheLastTarget() {
        var t = transcript([origin(1, "a", speaker: "G1"), origin(2, "b", speaker: "G2"), origin(3, "c", speaker: "G3")])
        t.apply(.speakersMerged(SpeakersMerged(sourceSpeakerID: "G3", targetSpeakerID: "G2", targetSpeakerLabel: "Two")))
        t.apply(.speakersMerged(SpeakersMerged(sourceSpeakerID: "G2", targetSpeakerID: "G1", targetSpeakerLabel: "One")))
        t.apply(origin(4, "d", speaker: "G3"))
        #expect(t.labels == [1: "One", 2: "One", 3: "One", 4: "One"])
    }

    @Test func renameAfterMergeRelabelsTheMergedSentences() {
        var t = transcript([origin(1, "a", speaker: "G1"), origin(2, "b", speaker: "G2")])
        t.apply(.speakersMerged(SpeakersMerged(sourceSpeakerID: "G2", targetSpeakerID: "G1", targetSpeakerLabel: "Wang")))
        let change = t.apply(.speakerRenamed(SpeakerRenamed(speakerID: "G1", newLabel: "Boss", affectedSids: [1, 2])))
        t.apply(origin(3, "c", speaker: "G2"))
        #expect(change == .speakers(sids: [1, 2]))
        #expect(t.labels == [1: "Boss", 2: "Boss", 3: "Boss"])
    }

    @Test func mergingBackAndForthLeavesNoCycle() {
        var t = transcript([origin(1, "a", speaker: "A"), origin(2, "b", speaker: "B")])
        t.apply(.speakersMerged(SpeakersMerged(sourceSpeakerID: "A", targetSpeakerID: "B")))
        t.apply(.speakersMerged(SpeakersMerged(sourceSpeakerID: "B", targetSpeakerID: "A", targetSpeakerLabel: "Ay")))
        t.apply(origin(3, "c", speaker: "B"))
        #expect(t.labels == [1: "Ay", 2: "Ay", 3: "Ay"])
        #expect(t.current.speakers.mergedInto == ["B": "A"])
    }

    @Test func reassignToAMergedAwaySpeakerRevivesIt() {
        var t = transcript([origin(1, "a", speaker: "A"), origin(2, "b", speaker: "B")])
        t.apply(.speakersMerged(SpeakersMerged(sourceSpeakerID: "B", targetSpeakerID: "A")))
        t.apply(.speakerReassigned(SpeakerReassigned(sid: 2, newSpeakerID: "B", newSpeakerLabel: "Bea")))
        #expect(t.labels == [1: "A", 2: "Bea"])
    }
}

@Suite struct TranscriptRecordings {
    @Test func recordingStartedOpensANewSegmentAndKeepsTheOldOne() {
        var t = transcript([origin(1, "first take", speaker: "G1", label: "Ann")])
        #expect(t.apply(.recordingStarted) == .newSegment)
        t.apply(origin(1, "second take", speaker: "G1"))
        #expect(t.segments.count == 2)
        #expect(t.segments[0].sentences[1]?.original == "first take")
        #expect(t.current.sentences[1]?.original == "second take")
        #expect(t.current.index == 1)
        // Speakers are per recording: the new one has not been told G1 is Ann.
        #expect(t.labels == [1: "G1"])
        #expect(t.allSentences.map(\.sentence.original) == ["first take", "second take"])
    }

    @Test func recordingStartedOnAnEmptySegmentIsANoOp() {
        var t = Transcript()
        #expect(t.apply(.recordingStarted) == .none)
        t.apply(origin(1, "a"))
        t.apply(.recordingStarted)
        #expect(t.apply(.recordingStarted) == .none)
        #expect(t.segments.count == 2)
    }
}

@Suite struct TimeCodes {
    @Test func parseAndFormat() {
        #expect(TimeCode.seconds("00:05") == 5)
        #expect(TimeCode.seconds("61:01") == 3661)
        #expect(TimeCode.seconds("1:02:03") == 3723)
        #expect(TimeCode.seconds("5") == nil)
        #expect(TimeCode.seconds("aa:bb") == nil)
        #expect(TimeCode.seconds("-1:00") == nil)
        #expect(TimeCode.format(307) == "05:07")
        #expect(TimeCode.format(3723) == "1:02:03")
    }
}

@Suite struct LanguageMapTests {
    @Test func setReplaceAndRemoveKeepArrivalOrder() {
        var map: LanguageMap<String> = [:]
        #expect(map.isEmpty)
        map["ja-JP"] = "一"
        map["en-US"] = "one"
        map["ja-JP"] = "いち"
        #expect(map.keys == ["ja-JP", "en-US"])
        #expect(map["ja-JP"] == "いち")
        #expect(map["fr"] == nil)
        map["ja-JP"] = nil
        map["fr"] = nil
        #expect(map.keys == ["en-US"])
        #expect(map.count == 1)
    }

    @Test func equalityIgnoresOrderButNotValues() {
        let a: LanguageMap<String> = ["en-US": "one", "ja-JP": "一"]
        let b: LanguageMap<String> = ["ja-JP": "一", "en-US": "one"]
        #expect(a == b)
        #expect(a != ["en-US": "one"])
        #expect(a != ["en-US": "one", "ja-JP": "二"])
        #expect(a.mapValues { $0 + "!" } == ["en-US": "one!", "ja-JP": "一!"])
    }
}

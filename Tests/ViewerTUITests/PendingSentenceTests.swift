import Testing
import TestSupport
@testable import BroadcastModel
@testable import ViewerTUI

/// Issue "Nothing silent", A.3: facts about a sentence that has not arrived wait for it; no empty row is ever made.
@Suite struct NoGhostSentenceTests {
    let connected = BroadcastEvent.connected(Connected(availableLanguages: ["en-US", "ja-JP"], phase: .live, recognitionMode: .multiSpeaker))

    @Test func aReassignmentForAnUnknownSentenceWaitsForIt() {
        var model = Broadcast()
        model.apply(connected)
        model.apply(origin(1, "一。", speaker: "G1", label: "G1"))
        let update = model.apply(.speakerReassigned(SpeakerReassigned(sid: 9, oldSpeakerID: "G1", newSpeakerID: "G2", newSpeakerLabel: "Amy")))
        #expect(update.transcript == .speakers(sids: []))
        #expect(Array(model.transcript.current.sentences.keys) == [1])
        // After a reconnection the sentence arrives, still naming its old speaker: the reassignment wins.
        model.apply(origin(9, "九。", speaker: "G1", label: "G1", start: "00:09"))
        let nine = model.transcript.current.sentences[9]
        #expect(nine?.speakerID == "G2")
        #expect(nine.map { model.transcript.current.speakerLabel(of: $0) } == "Amy")
        #expect(model.transcript.current.pending.isEmpty)
    }

    @Test func aSentenceErrorForAnUnknownSentenceWaitsForIt() {
        var model = Broadcast()
        model.apply(connected)
        let error = ServerError(code: "llm_content_filtered", message: "Content filtered", severity: .warning, sid: 5, translationLanguage: "ja")
        #expect(model.apply(.error(error)).transcript == Broadcast.Update().transcript)
        #expect(model.transcript.current.sentences.isEmpty)
        model.apply(origin(5, "五。"))
        #expect(model.transcript.current.sentences[5]?.errors["ja-JP"] == "Content filtered")
        // A translation that comes later still replaces the failure.
        model.apply(translation(5, "ja-JP", "五つ。"))
        #expect(model.transcript.current.sentences[5]?.errors["ja-JP"] == nil)
    }

    @Test func aFailureOlderThanTheTranslationThatBringsTheSentenceIsDropped() {
        var model = Broadcast()
        model.apply(connected)
        model.apply(.error(ServerError(code: "translation_failed", message: "x", sid: 6, translationLanguage: "en-US")))
        model.apply(translation(6, "en-US", "Six."))
        #expect(model.transcript.current.sentences[6]?.errors.isEmpty == true)
        #expect(model.transcript.current.sentences[6]?.translations["en-US"]?.text == "Six.")
    }

    @Test func neitherTheScreenNorSavedFilesShowAnEmptySentence() {
        var model = Broadcast()
        model.apply(connected)
        model.apply(origin(1, "一。", speaker: "G1", start: "00:01"))
        model.apply(translation(1, "en-US", "One."))
        model.apply(.speakerReassigned(SpeakerReassigned(sid: 2, newSpeakerID: "G2")))
        model.apply(.error(ServerError(code: "translation_failed", message: "x", severity: .warning, sid: 3, translationLanguage: "en-US")))
        let screen = Renderer.render(model, liveUI(), columns: 120, rows: 20, now: 0).lines.joined(separator: "\n")
        #expect(!screen.contains("…"))
        let text = TranscriptExport.render(model, ExportOptions(format: .txt, language: "en-US"))
        #expect(!text.contains("(unfinished)"))
        #expect(!text.contains("…"))
        let json = TranscriptExport.render(model, ExportOptions(format: .json))
        #expect(json.components(separatedBy: "\"sid\"").count == 2)  // one sentence
    }

    @Test func aServerNamingSentencesThatNeverComeCannotFillMemory() {
        var transcript = Transcript()
        for sid in 0..<(Segment.pendingLimit + 500) {
            transcript.apply(.speakerReassigned(SpeakerReassigned(sid: sid, newSpeakerID: "G2")))
        }
        #expect(transcript.current.pending.count == Segment.pendingLimit)
        #expect(transcript.current.pending.keys.first == 500)  // the oldest went first
    }
}

import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel
@testable import ViewerTUI

/// The issue "Nothing silent": every event as the document says, and every failure said.
/// Each test here failed on the code before it.

func sse(_ type: String, _ data: String) -> DecodedEvent {
    BroadcastEventDecoder.decode(SSEEvent(type: type, data: data))
}

/// A.3: facts about a sentence that has not arrived wait for it; no empty row is ever made.
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

/// A.4: message-only events whose data is not JSON are still those events.
@Suite struct PlainTextMessageTests {
    @Test func plainTextIsTheMessage() {
        #expect(sse("kicked", "Removed by the host") == .event(.kicked(message: "Removed by the host")))
        #expect(sse("ended", " Broadcast has ended\n") == .event(.ended(message: "Broadcast has ended")))
        #expect(sse("paused", "") == .event(.paused(message: nil)))
        #expect(sse("resumed", "\"Back\"") == .event(.resumed(message: "Back")))
        #expect(sse("admitted", "Welcome \u{1b}[31min") == .event(.admitted(message: "Welcome in")))
        #expect(sse("standby", "Starting soon") == .event(.standby(LocalizedMessage(original: "Starting soon"))))
        #expect(sse("announcement", "Five minutes left") == .event(.announcement(LocalizedMessage(original: "Five minutes left"))))
    }

    @Test func brokenJSONStillEndsOrRemoves() {
        #expect(sse("kicked", #"{"message": "Removed"#) == .event(.kicked(message: #"{"message": "Removed"#)))
        #expect(sse("ended", "{") == .event(.ended(message: "{")))
        // An announcement with nothing in it, or broken, is reported, not shown empty.
        guard case .malformed = sse("announcement", "") else { Issue.record("an empty announcement was accepted"); return }
        guard case .malformed = sse("announcement", #"{"message":"#) else { Issue.record("broken announcement JSON was accepted"); return }
    }

    @Test func aPlainTextKickStopsTheSession() {
        var state = ViewerState()
        guard case .event(let event) = sse("kicked", "Removed by the host") else { Issue.record("not decoded"); return }
        #expect(state.apply(event) == .stop)
        #expect(state.phase == .kicked(message: "Removed by the host"))
    }
}

/// A.6 (state): a queued viewer stays queued through a new connection until admitted.
@Suite struct QueuedStaysQueuedTests {
    @Test func connectedDoesNotAdmit() {
        var state = ViewerState()
        state.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live)))
        state.apply(.queued(Queued(position: 2, estimatedWait: "About 2 minutes")))
        state.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live)))  // a reconnection
        #expect(state.phase == .queued(position: 2, estimatedWait: "About 2 minutes"))
        state.apply(.admitted(message: nil))
        #expect(state.phase == .live)
    }

    @Test func textFlowingMeansAdmitted() {
        var state = ViewerState()
        state.apply(.queued(Queued(position: 1)))
        state.apply(origin(1, "a"))
        #expect(state.phase == .live)
    }
}

/// B.13: how it ended is said once.
@Suite struct EndingWordsTests {
    @Test func theServersWordsOnlyWhenTheyAddSomething() {
        #expect(SessionOutcome.ended("Broadcast has ended").sentence() == "the broadcast has ended")
        #expect(SessionOutcome.ended("Broadcast has ended.").sentence(capitalized: true) == "The broadcast has ended")
        #expect(SessionOutcome.ended("Thanks for coming").sentence() == "the broadcast has ended (Thanks for coming)")
        #expect(SessionOutcome.ended(nil).sentence() == "the broadcast has ended")
        #expect(SessionOutcome.kicked("Removed by the host").sentence() == "the host removed you from this broadcast (Removed by the host)")
        #expect(SessionOutcome.failed("cannot reach x.").sentence(capitalized: true) == "Cannot reach x")
        var ended = liveUI()
        ended.outcome = .ended("Broadcast has ended")
        #expect(Renderer.render(Broadcast(), ended, columns: 80, rows: 24, now: 0).lines.joined().contains("The broadcast has ended") )
        #expect(!Renderer.render(Broadcast(), ended, columns: 80, rows: 24, now: 0).lines.joined().contains("ended: Broadcast"))
    }

    @Test func secondsForPeopleAndLogs() {
        #expect(Duration.seconds(0.65891805093026).secondsText == "0.7 s")
        #expect(Duration.seconds(12.4).secondsText == "12 s")
    }
}

/// Found by trying it as a new user: two broadcasts under one token, the same day, were merged
/// sentence by sentence into one made-up transcript.
@Suite struct JournalKeepsBroadcastsApartTests {
    func journal(_ sessions: [(broadcast: String?, events: [BroadcastEvent])]) -> String {
        let date = UTCTime(secondsSince1970: 1_764_500_000)
        return sessions.flatMap { session in
            [Journal.header(token: "a3f9", server: "https://vas.test", broadcast: session.broadcast, date: date)]
                + session.events.compactMap { Journal.line(for: $0, at: date) }
        }.joined(separator: "\n") + "\n"
    }

    @Test func twoBroadcastsUnderOneTokenStayApart() {
        let contents = Journal.read(journal([
            ("A", [origin(1, "一。"), translation(1, "en-US", "One.")]),
            ("B", [origin(1, "壹。"), translation(1, "ja-JP", "いち。")]),
        ]))
        let segments = contents.model.transcript.segments
        #expect(segments.count == 2)
        #expect(segments.first?.sentences[1]?.original == "一。")
        #expect(segments.first?.sentences[1]?.translations["ja-JP"] == nil)
        #expect(segments.last?.sentences[1]?.original == "壹。")
        #expect(segments.last?.sentences[1]?.translations["en-US"] == nil)
    }

    @Test func theSameBroadcastWatchedTwiceIsMergedNotDoubled() {
        let again = [origin(1, "一。"), translation(1, "en-US", "One.")]
        for ids in [("A", "A"), (nil, nil)] as [(String?, String?)] {
            let contents = Journal.read(journal([(ids.0, again), (ids.1, again + [origin(2, "二。")])]))
            #expect(contents.model.transcript.segments.count == 1)
            #expect(Array(contents.model.transcript.current.sentences.keys) == [1, 2])
        }
    }
}

/// Found by a second new-user try-out.
@Suite struct SecondTryOutTests {
    /// The first ↑ after End moves the view a line (the last sentence has no blank line after it).
    @Test(arguments: [(80, 24), (120, 35), (120, 14)])
    func theFirstStepUpMovesTheView(columns: Int, rows: Int) throws {
        var model = try demoModel()
        for sid in 10..<30 {  // more than a screen
            model.apply(origin(sid, "第\(sid)句。", speaker: "Guest-2", start: "01:\(sid)"))
            model.apply(translation(sid, "en-US", "Sentence \(sid)."))
        }
        var ui = liveUI()
        ui.size = ViewerUI.Size(columns: columns, rows: rows)
        let following = Renderer.render(model, ui, columns: columns, rows: rows, now: 0).lines
        _ = ui.handle(.char("k"), languages: [], model: model)
        let moved = Renderer.render(model, ui, columns: columns, rows: rows, now: 0).lines
        #expect(moved != following)
        #expect(moved.last?.contains("↓ 1 more (End)") == true)
        _ = ui.handle(.char("j"), languages: [], model: model)
        #expect(ui.scroll == .follow)
    }

    @Test func theHelpAndTheListsArePagesOverTheWholeScreen() throws {
        for overlay: ViewerUI.Overlay in [.help, .announcements, .notices] {
            var ui = liveUI()
            ui.overlays.open(overlay)
            let grid = Renderer.render(try demoModel(), ui, columns: 80, rows: 24, now: 0)
            for row in 0..<23 {
                #expect(grid[row, 0].role == .banner && grid[row, 79].role == .banner, "\(overlay) row \(row): \(grid.lines[row])")
            }
        }
    }

    @Test func behindThePasswordBoxNothingMoves() {
        var ui = liveUI()
        ui.connection = .connecting
        var model = Broadcast()
        _ = ui.apply(.passwordPrompt(PasswordPrompt(reason: .required, broadcast: "a3f9")), to: &model, now: 1)
        let text = Renderer.render(model, ui, columns: 60, rows: 16, now: 1).lines.joined(separator: "\n")
        #expect(!text.contains("Connecting to"))
        #expect(text.contains("Broadcast a3f9 needs a password"))
        #expect(text.contains("password needed"))
        #expect(ui.secondsUntilChange(model: model, now: 1) == nil)  // no spinner to draw: idle
    }

    /// At 40 columns the password box takes the width: no slivers of cut transcript beside it.
    @Test func aNarrowScreensPasswordBoxTakesTheWidth() throws {
        var ui = liveUI()
        ui.passwordEntry = ViewerUI.PasswordEntry(prompt: PasswordPrompt(reason: .changed, broadcast: "a3f9"))
        let grid = Renderer.render(try demoModel(), ui, columns: 40, rows: 12, now: 0)
        let rows = (0..<11).filter { grid[$0, 20].role == .bannerAlert }
        #expect(!rows.isEmpty)
        for row in rows { #expect(grid[row, 0].role == .bannerAlert && grid[row, 39].role == .bannerAlert, "\(grid.lines[row])") }
    }

    @Test func afterTheEndAMissingTranslationIsSaidMissing() {
        var model = Broadcast()
        model.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live, recognitionMode: .single)))
        model.apply(origin(1, "一。"))
        var ui = liveUI()
        #expect(Renderer.render(model, ui, columns: 120, rows: 20, now: 0).lines.joined().contains("… (en-US)"))
        ui.outcome = .ended(nil)
        let text = Renderer.render(model, ui, columns: 120, rows: 20, now: 0).lines.joined()
        #expect(text.contains("(no en-US translation)") && !text.contains("… (en-US)"))
    }

    @Test func keysThatCannotActAfterTheEndOrWithoutAnAnnouncementSaySo() {
        var ui = liveUI()
        let model = Broadcast()
        _ = ui.handle(.char("x"), languages: [], model: model, now: 1)
        #expect(ui.message?.text == "no announcement to dismiss (a lists them)")
        ui.outcome = .ended(nil)
        #expect(ui.handle(.char("t"), languages: [], model: model, now: 1).isEmpty)
        #expect(ui.message?.text == "the broadcast is over: nothing more will be spoken")
        #expect(ui.speech == .off)
    }

    @Test func oneRecordingCanBeTakenAlone() {
        var transcript = Transcript()
        transcript.apply(origin(1, "一。"))
        transcript.apply(.recordingStarted)
        transcript.apply(origin(1, "壹。"))
        #expect(transcript.recordingCount == 2)
        #expect(transcript.only(recording: 2)?.current.sentences[1]?.original == "壹。")
        #expect(transcript.only(recording: 2)?.segments.count == 1)
        #expect(transcript.only(recording: 3) == nil)
    }

}

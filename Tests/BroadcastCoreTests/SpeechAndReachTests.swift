import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

/// A person at the keyboard, for sessions that ask through the front end: answers each
/// prompt in turn from a list, and remembers what was asked.
final class PromptAnswerer: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String?]
    private(set) var asked: [PasswordReason] = []

    init(_ answers: [String?]) {
        self.answers = answers
    }

    func answer(_ prompt: PasswordPrompt) {
        let next: String? = lock.withLock {
            asked.append(prompt.reason)
            return answers.isEmpty ? nil : answers.removeFirst()
        }
        prompt.answer(next)
    }
}

/// Runs a session to its end, answering its prompts like a front end would.
func collect(_ session: BroadcastSession, answering person: PromptAnswerer) async -> (SessionOutcome, [SessionUpdate]) {
    let run = Task { await session.run() }
    return await withTaskCancellationHandler {
        var updates: [SessionUpdate] = []
        for await update in session.updates {
            updates.append(update)
            session.taken(update)
            if case .passwordPrompt(let prompt) = update { person.answer(prompt) }
        }
        return (await run.value, updates)
    } onCancel: {
        run.cancel()
    }
}

func streamURLs(_ transport: ScriptedTransport) -> [String] {
    transport.requests.filter { $0.url.contains("/broadcast/") }.map(\.url)
}

/// Speech is asked for in the language on screen (issue "Nothing silent", A.1 and A.2).
@Suite(.timeLimit(.minutes(1))) struct SpeechLanguageTests {
    @Test func speechWithoutALanguageAsksForTheBroadcastsFirst() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(body: [connectedEvent, endedEvent])])
        let (outcome, updates) = await collect(try session(transport, tts: true, language: nil))
        #expect(outcome == .ended("bye"))
        // Only viewers subscribed to a language receive its tts_ready: `tts=true` alone plays nothing.
        #expect(streamURLs(transport) == ["https://vas.test/broadcast/a3f9/text?lang=en-US&tts=true"])
        #expect(updates.contains(.languageSelected("en-US")))
    }

    @Test func withoutTheDetailsTheConnectedEventNamesTheLanguage() async throws {
        let unreachableInfo = ScriptedTransport.Answer(status: 0, headers: [:], body: [], ending: .error(.network("timed out")))
        let transport = ScriptedTransport([unreachableInfo, .init(body: [connectedEvent], ending: .hang), .init(body: [connectedEvent, endedEvent])])
        let (outcome, updates) = await collect(try session(transport, tts: true, language: nil))
        #expect(outcome == .ended("bye"))
        #expect(streamURLs(transport) == ["https://vas.test/broadcast/a3f9/text?tts=true",
                                          "https://vas.test/broadcast/a3f9/text?lang=en-US&tts=true"])
        #expect(updates.contains(.languageSelected("en-US")))
    }

    @Test func turningSpeechOnBeforeALanguageWasPickedAsksForOne() async throws {
        let transport = ScriptedTransport([infoAnswer, .init(body: [connectedEvent], ending: .hang), .init(body: [connectedEvent, endedEvent])])
        let s = try session(transport, tts: false, language: nil)
        let (outcome, _) = await collect(s) { await s.setSpeech(true) }
        #expect(outcome == .ended("bye"))
        #expect(streamURLs(transport) == ["https://vas.test/broadcast/a3f9/text",
                                          "https://vas.test/broadcast/a3f9/text?lang=en-US&tts=true"])
    }

    @Test func aBroadcastWithoutSpeechTurnsItOffOnceAndStopsAskingForIt() async throws {
        let noSpeech = "event: connected\ndata: {\"available_langs\":[\"en-US\"],\"tts_languages\":[],\"phase\":\"live\"}\n\n"
        let drop = ScriptedTransport.Answer(body: [noSpeech], ending: .error(.network("connection reset")))
        let transport = ScriptedTransport([infoAnswer, drop, .init(body: [noSpeech, endedEvent])])
        let (outcome, updates) = await collect(try session(transport, tts: true))
        #expect(outcome == .ended("bye"))
        let said = updates.filter { if case .speech = $0 { true } else { false } }
        #expect(said == [.speech(on: false, reason: "this broadcast has no spoken translation")])
        // The next connection no longer asks for speech (nor filters by language).
        #expect(streamURLs(transport) == ["https://vas.test/broadcast/a3f9/text?lang=en-US&tts=true",
                                          "https://vas.test/broadcast/a3f9/text"])
    }

    @Test func anEmptyListAndAMissingOneAreNotTheSame() {
        let decode = { (data: String) in BroadcastEventDecoder.decode(SSEEvent(type: "connected", data: data)) }
        #expect(decode(#"{"available_langs":["en-US"],"tts_languages":[]}"#) == .event(.connected(Connected(availableLanguages: ["en-US"], ttsLanguages: []))))
        #expect(decode(#"{"available_langs":["en-US"]}"#) == .event(.connected(Connected(availableLanguages: ["en-US"], ttsLanguages: nil))))
        var state = ViewerState()
        state.apply(.connected(Connected(availableLanguages: ["en-US"], ttsLanguages: ["en-US"])))
        state.apply(.connected(Connected(availableLanguages: ["en-US"])))  // says nothing of speech: what was known stays
        #expect(state.ttsLanguages == ["en-US"])
    }
}

/// A server that never answered is given up on (issue "Nothing silent", B.4).
@Suite(.timeLimit(.minutes(1))) struct UnreachableServerTests {
    let refused = ScriptedTransport.Answer(status: 0, headers: [:], body: [], ending: .error(.network("Connection refused")))

    @Test func aFewQuickTriesThenOneSentenceNamingTheServerAndTheReason() async throws {
        let transport = ScriptedTransport(Array(repeating: refused, count: 10))
        let (outcome, updates) = await collect(try session(transport))
        #expect(outcome == .failed("cannot reach https://vas.test: Connection refused. Check the address (--server) and your network."))
        #expect(transport.requests.count == VASAssumptions.unreachableAttempts)
        let waits = updates.compactMap { if case .waiting(.unreachable, _, let detail) = $0 { detail } else { nil } }
        #expect(!waits.isEmpty && waits.allSatisfy { $0 == "https://vas.test (Connection refused)" })
    }

    @Test func onceTheServerHasAnsweredDropsAreRetriedForever() async throws {
        let transport = ScriptedTransport([infoAnswer] + Array(repeating: refused, count: 8) + [.init(body: [endedEvent])])
        let (outcome, _) = await collect(try session(transport))
        #expect(outcome == .ended("bye"))
        #expect(transport.requests.count == 10)
    }

    /// A broadcast that ended while the viewer was away (reconnecting, typing a new password)
    /// is an ending, not "no such broadcast".
    @Test func endedWhileAwayIsAnEnding() async throws {
        let gone = ScriptedTransport.Answer(status: 410, headers: ["content-type": "application/json"],
                                            body: [#"{"error_code":"broadcast_session_ended","message":"Broadcast session ended"}"#])
        let drop = ScriptedTransport.Answer(body: [connectedEvent], ending: .error(.network("connection reset")))
        let transport = ScriptedTransport([infoAnswer, drop, gone])
        let (outcome, _) = await collect(try session(transport))
        #expect(outcome == .ended("Broadcast session ended"))
        // Never watched: the same answer means the broadcast is over before it was seen.
        let (before, _) = await collect(try session(ScriptedTransport([infoAnswer, gone])))
        #expect(before == .unavailable("broadcast 'a3f9' has ended (Broadcast session ended)."))
    }

    @Test func theLimitsArePinned() {
        #expect(VASAssumptions.unreachableAttempts == 4)
        #expect(VASAssumptions.unreachableDeadline == .seconds(30))
    }
}

/// Password prompts travel with the updates, in order; a fixed password has no "tries left".
@Suite(.timeLimit(.minutes(1))) struct PasswordPromptTests {
    let needsPassword = ScriptedTransport.Answer(status: 200, headers: ["content-type": "application/json"],
                                                 body: [#"{"data":{"name":"Talk","requires_password":true,"translation_languages":["en-US"]}}"#])
    let wrong = ScriptedTransport.Answer(status: 401, headers: ["content-type": "application/json"], body: [#"{"error_code":"broadcast_password_invalid"}"#])
    let granted = ScriptedTransport.Answer(status: 200, headers: ["content-type": "application/json"], body: [#"{"data":{"viewer_access_token":"tok"}}"#])

    @Test func thePersonIsAskedThroughTheFrontEndAndTheRejectionIsInThePrompt() async throws {
        let transport = ScriptedTransport([needsPassword, wrong, granted, .init(body: [connectedEvent, endedEvent])])
        let person = PromptAnswerer(["nope", "right"])
        let (outcome, updates) = await collect(try session(transport, passwords: ViewerPassword()), answering: person)
        #expect(outcome == .ended("bye"))
        #expect(person.asked == [.required, .rejected(attemptsLeft: 2)])
        // The prompt says "Wrong password (2 tries left)": no second message says it again.
        #expect(!updates.contains { if case .passwordRejected = $0 { true } else { false } })
        #expect(PasswordReason.rejected(attemptsLeft: 2).prompt(broadcast: "a3f9") == "Wrong password (2 tries left). Password: ")
    }

    @Test func noAnswerEndsWithTheAdvice() async throws {
        let transport = ScriptedTransport([needsPassword])
        let (outcome, _) = await collect(try session(transport, passwords: ViewerPassword()), answering: PromptAnswerer([nil]))
        guard case .authenticationFailed(let why) = outcome else { Issue.record("expected an authentication failure, got \(outcome)"); return }
        #expect(why.contains("--password-file"))
    }

    @Test func aRefusedFixedPasswordCountsNoTriesLeft() async throws {
        let transport = ScriptedTransport([needsPassword, wrong])
        let (outcome, updates) = await collect(try session(transport, passwords: FixedPassword(value: "old")))
        #expect(outcome == .authenticationFailed("the fixed password was not accepted by the broadcast."))
        #expect(!updates.contains { if case .passwordRejected = $0 { true } else { false } })
    }

    /// A fixed password the host then changed was accepted once: the ending says the host
    /// changed it (it said the password "was not accepted").
    @Test func aFixedPasswordTheHostChangedSaysSo() async throws {
        let changed = ScriptedTransport.Answer(body: [connectedEvent, "event: pass_code_changed\ndata: {}\n\n"])
        let transport = ScriptedTransport([needsPassword, granted, changed, wrong])
        let (outcome, _) = await collect(try session(transport, passwords: FixedPassword(value: "old")))
        #expect(outcome == .authenticationFailed("the host changed the broadcast's password, so the fixed password no longer opens it: give the new one."))
    }

    @Test func aPromptAnsweredBeforeItIsAwaitedOrCancelledStillEnds() async {
        let early = PasswordPrompt(reason: .required, broadcast: "a3f9")
        early.answer("pw")
        early.answer("ignored")
        #expect(await early.wait() == "pw")
        let abandoned = PasswordPrompt(reason: .changed, broadcast: "a3f9")
        let waiting = Task { await abandoned.wait() }
        waiting.cancel()
        #expect(await waiting.value == nil)
    }
}

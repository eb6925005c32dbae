import Testing
@testable import BroadcastModel

func sse(_ type: String, _ data: String) -> DecodedEvent {
    BroadcastEventDecoder.decode(SSEEvent(type: type, data: data))
}

/// Issue "Nothing silent", A.4: message-only events whose data is not JSON are still those events.
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

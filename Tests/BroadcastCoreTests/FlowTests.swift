import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

/// A server faster than the viewer fills the transport's buffer of bytes, not memory with
/// decoded events: the reader waits while the front end has too many items it has not taken.
@Suite(.timeLimit(.minutes(1))) struct FlowTests {
    /// The gate itself: it lets a reader through below its limit, holds it at the limit, and
    /// lets it go once enough are taken.
    @Test func theGateHoldsAtItsLimitAndOpensWhenItemsAreTaken() async {
        let gate = FlowGate(limit: 10)
        gate.handedOn(9)
        await gate.wait()  // below the limit: at once
        gate.handedOn(1)
        let reader = Task { await gate.wait(); return gate.outstanding }
        // The reader is held: it registers as waiting (no sleep: it is polled by yielding).
        var yields = 0
        while !gate.isHoldingAReader, yields < 1_000_000 { await Task.yield(); yields += 1 }
        #expect(gate.isHoldingAReader, "the reader went through at the limit")
        gate.taken(1)
        #expect(await reader.value == 9)
        #expect(!gate.isHoldingAReader)
    }

    @Test func aHeldReaderIsLetGoWhenCancelled() async {
        let gate = FlowGate(limit: 1)
        gate.handedOn(5)
        let reader = Task { await gate.wait() }
        var yields = 0
        while !gate.isHoldingAReader, yields < 1_000_000 { await Task.yield(); yields += 1 }
        reader.cancel()
        await reader.value  // returns: the time limit would fail a hang
        #expect(gate.outstanding == 5)
    }

    /// 20 chunks of 1,000 unknown events, and a front end that takes nothing until it has
    /// received the gate's limit: the session has then handed on no more than the limit and the
    /// chunk that reached it, however long it is left to run. Taken, the rest comes, and the broadcast ends.
    @Test func theSessionReadsNoFurtherThanTheFrontEndTakes() async throws {
        let chunk = String(repeating: "event: mystery\ndata: {}\n\n", count: 1_000)
        let transport = ScriptedTransport([
            infoAnswer,
            .init(body: [connectedEvent] + Array(repeating: chunk, count: 20) + [endedEvent]),
        ])
        let session = try session(transport)
        let limit = session.flow.limit
        let run = Task { await session.run() }
        var received = 0
        var heldBack: [SessionUpdate] = []
        var outstandingAtTheLimit: Int?
        for await update in session.updates {
            if case .items(let items) = update { received += items.count }
            if outstandingAtTheLimit == nil {
                heldBack.append(update)
                guard received >= limit else { continue }
                // Let the reader go as far as it will: held at the gate, or past every chunk.
                var yields = 0
                while !session.flow.isHoldingAReader, session.flow.outstanding < 20_000, yields < 1_000_000 {
                    await Task.yield()
                    yields += 1
                }
                outstandingAtTheLimit = session.flow.outstanding
                for update in heldBack { session.taken(update) }
            } else {
                session.taken(update)
            }
        }
        #expect(await run.value == .ended("bye"))
        #expect(received >= 20_000)
        let most = try #require(outstandingAtTheLimit)
        #expect(most <= limit + 1_000, "\(most) items handed on to a front end that had taken none")
    }
}

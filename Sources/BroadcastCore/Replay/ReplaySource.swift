import Foundation
import BroadcastModel

/// A recording (`--record-raw`) played into the viewer at its own pace, which
/// the viewer's keys change: pause, faster, slower. Between events it sleeps.
public actor ReplaySource {
    public nonisolated let updates: AsyncStream<SessionUpdate>
    private let continuation: AsyncStream<SessionUpdate>.Continuation
    private let parts: [ArraySlice<UInt8>]
    private var pace: ReplayPace
    /// Bumped by every change of pace, so that a timer set before it does not fire.
    private var generation = 0
    private var sleeper: CheckedContinuation<Void, Never>?

    public init(bytes: [UInt8], speed: Double) {
        (updates, continuation) = AsyncStream.makeStream(of: SessionUpdate.self)
        parts = RecordingParts.split(bytes)
        pace = ReplayPace(speed: speed)
    }

    public func run() async -> SessionOutcome {
        continuation.yield(.paced(pace))
        continuation.yield(.connected)
        var timing = ReplayTiming(speed: 1)  // recording seconds; the pace divides them
        var parser = SSEParser()
        var ended: SessionOutcome?
        reading: for part in parts {
            for parsed in part.withUnsafeBytes({ parser.feed($0) }) {
                var wait = timing.wait(before: parsed)
                while wait > 0 || pace.paused {
                    if Task.isCancelled { break reading }
                    if pace.paused {
                        await sleep(nil)
                        continue
                    }
                    let started = ContinuousClock.now
                    let speed = pace.speed
                    await sleep(wait / speed)
                    wait -= (ContinuousClock.now - started).inSeconds * speed
                }
                if Task.isCancelled { break reading }
                guard let item = EventStreamDecoder.item(for: parsed) else { continue }
                continuation.yield(.items([item]))
                if case .event(.ended(let message)) = item { ended = .ended(message) }
                if case .event(.kicked(let message)) = item { ended = .kicked(message) }
            }
            parser.finish()
        }
        let outcome = Task.isCancelled ? SessionOutcome.stopped : ended ?? .ended("end of the recording")
        continuation.yield(.finished(outcome))
        continuation.finish()
        return outcome
    }

    public func selectLanguage(_ language: String?) {
        continuation.yield(.languageSelected(language))
    }

    public func setSpeech(_ on: Bool) {}

    public func pace(_ pace: ReplayPace) {
        self.pace = pace
        continuation.yield(.paced(pace))
        wake()
    }

    /// Sleeps `seconds` (nil: until woken); a change of pace or cancellation wakes it early.
    private func sleep(_ seconds: Double?) async {
        generation += 1
        let mine = generation
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                sleeper = done
                if let seconds {
                    Task {
                        try? await Task.sleep(for: .seconds(seconds))
                        self.timerFired(mine)
                    }
                }
            }
        } onCancel: {
            Task { await self.wake() }
        }
    }

    private func timerFired(_ id: Int) {
        if id == generation { wake() }
    }

    private func wake() {
        generation += 1
        sleeper?.resume()
        sleeper = nil
    }
}

import FoundationEssentials
import BroadcastModel

/// A recording (`--record-raw`) played into the viewer at its own pace, which
/// the viewer's keys change: pause, faster, slower. Between events it sleeps.
public actor ReplaySource {
    public nonisolated let updates: AsyncStream<SessionUpdate>
    private let continuation: AsyncStream<SessionUpdate>.Continuation
    private let recording: RecordingInput
    private var pace: ReplayPace
    /// Bumped by every change of pace, so that a timer set before it does not fire.
    private var generation = 0
    private var sleeper: CheckedContinuation<Void, Never>?

    public init(recording: RecordingInput, speed: Double) {
        (updates, continuation) = AsyncStream.makeStream(of: SessionUpdate.self)
        self.recording = recording
        pace = ReplayPace(speed: speed)
    }

    public func run() async -> SessionOutcome {
        continuation.yield(.paced(pace))
        continuation.yield(.connected)
        var timing = ReplayTiming(speed: 1)  // recording seconds; the pace divides them
        var reader: RecordingReader
        do {
            reader = try recording.reader()
        } catch {
            return finish(.failed("the recording could not be read: \(error)"))
        }
        reading: while true {
            let next: (parsed: SSEItem, item: StreamItem?)?
            do {
                next = try reader.read()
            } catch {
                return finish(.failed("the recording could not be read further: \(error)"))
            }
            guard let (parsed, item) = next else { break }
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
            if Task.isCancelled { break }
            if let item { continuation.yield(.items([item])) }
        }
        return finish(Task.isCancelled ? .stopped : reader.outcome ?? .ended("end of the recording"))
    }

    private func finish(_ outcome: SessionOutcome) -> SessionOutcome {
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

import BroadcastCore
import BroadcastModel
import Foundation
import Testing

/// The pthread and path helpers that stand in for Foundation's.
@Suite struct Platform {
    @Test func pathsAsNSStringWould() {
        for path in ["a/b.txt", "b.txt", "/b", "/", "a/b/", "/x/y/z.jsonl", "./t.sse"] {
            #expect(Paths.folder(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
            #expect(Paths.lastComponent(path) == (path as NSString).lastPathComponent, "\(path)")
        }
    }

    @Test func aThreadRunsItsBlock() {
        let done = Condition()
        nonisolated(unsafe) var ran = false
        let thread = BroadcastCore.Thread {
            done.withLock {
                ran = true
                done.signal()
            }
        }
        thread.name = "vas-view test thread with a long name"
        thread.start()
        done.withLock { while !ran { done.wait() } }
        #expect(ran)
    }

    @Test func waitingPastItsDeadlineSaysSo() {
        let condition = Condition()
        let signalled = condition.withLock { condition.wait(until: Date(timeIntervalSinceNow: -1)) }
        #expect(!signalled)
    }

    @Test func theLocalDayHasTheJournalsForm() {
        let day = UTCTime(secondsSince1970: 1_764_500_000).localDay
        #expect(day.count == 10 && day.hasPrefix("2025-11-"))
        let stamp = UTCTime(secondsSince1970: 1_764_500_000).localFileStamp
        #expect(stamp.count == 15 && stamp.hasPrefix("202511"))
    }
}

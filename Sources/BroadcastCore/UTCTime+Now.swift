import BroadcastModel
import Foundation

extension UTCTime {
    /// The wall clock, now (the pure model never reads a clock: this side passes the time in).
    public static var now: UTCTime { UTCTime(Date()) }

    public init(_ date: Date) {
        self.init(secondsSince1970: date.timeIntervalSince1970)
    }
}

import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

extension UTCTime {
    /// The wall clock, now (the pure model never reads a clock: this side passes the time in).
    public static var now: UTCTime { UTCTime(Date()) }

    public init(_ date: Date) {
        self.init(secondsSince1970: date.timeIntervalSince1970)
    }

    /// The calendar date and time of day in the machine's time zone (`TZ`, /etc/localtime).
    public var local: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var time = time_t(secondsSince1970.rounded(.down))
        var fields = tm()
        guard localtime_r(&time, &fields) != nil else { return civil }
        return (Int(fields.tm_year) + 1900, Int(fields.tm_mon) + 1, Int(fields.tm_mday),
                Int(fields.tm_hour), Int(fields.tm_min), Int(fields.tm_sec))
    }

    /// `2026-11-30`, local: the day in a journal's name.
    public var localDay: String {
        let l = local
        return "\(l.year.zeroPadded(4))-\(l.month.zeroPadded(2))-\(l.day.zeroPadded(2))"
    }

    /// `20261130-203501`, local: the moment in a file name.
    public var localFileStamp: String {
        let l = local
        return "\(l.year.zeroPadded(4))\(l.month.zeroPadded(2))\(l.day.zeroPadded(2))-\(l.hour.zeroPadded(2))\(l.minute.zeroPadded(2))\(l.second.zeroPadded(2))"
    }
}

import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// This process's memory and CPU, for the log's last line, the soak and `make bench`.
public enum ProcessResources {
    /// One malloc arena for the whole process. glibc gives each thread that allocates its own
    /// arena; Swift tasks hop between the cooperative pool's threads, so the transcript ended
    /// up spread over several arenas, each holding freed holes the others cannot reuse: in the
    /// soak, 26 MB taken from the system for 15 MB in use. With one arena the same run ends
    /// 8–10 MB smaller (docs/robustness.md); the viewer has a handful of threads, and each
    /// keeps its small-allocation cache, so sharing the arena costs nothing measurable.
    public static func useOneMallocArena() {
        #if canImport(Glibc)
        // malloc.h is not part of Swift's Glibc module: look the function up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mArenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, 1)
        #endif
    }

    /// Resident memory now (VmRSS of /proc/self/status), in MB.
    public static var residentMB: Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return Double(line.filter(\.isNumber)).map { $0 / 1024 } ?? 0
    }

    /// The most resident memory so far, in MB, and user + system CPU seconds.
    public static var peakAndCPU: (peakMB: Int, cpuSeconds: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return (usage.ru_maxrss / 1024, cpu)
    }
}

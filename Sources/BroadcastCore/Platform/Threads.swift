import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// Threads and a condition on pthreads. FoundationEssentials (all the viewer links, for a small
// static binary) has no Thread or NSCondition; these are the few the viewer uses, with the
// same shape. Locks are the standard library's `Mutex` (Synchronization).

/// A lock with a condition to wait on (as NSCondition): `wait` releases the lock while it sleeps.
/// Unchecked: pthread_cond_wait needs a pthread mutex, so it keeps its own (C memory, not a Mutex).
public final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }
    public func unlock() { pthread_mutex_unlock(mutex) }

    public func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    /// Sleeps until signalled (call with the lock held).
    public func wait() { pthread_cond_wait(condition, mutex) }

    /// Sleeps until signalled or `deadline`; false when the deadline passed (call with the lock held).
    @discardableResult
    public func wait(until deadline: Date) -> Bool {
        let seconds = max(0, deadline.timeIntervalSince1970)
        var time = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1_000_000_000))
        return pthread_cond_timedwait(condition, mutex, &time) == 0
    }

    public func signal() { pthread_cond_signal(condition) }
    public func broadcast() { pthread_cond_broadcast(condition) }
}

/// A thread of its own for work that blocks (curl, the sound device, the journal's syncs,
/// curses), as Foundation's Thread: made, named, then started.
public final class Thread: Sendable {
    private let body: @Sendable () -> Void
    private let storedName = Mutex("vas-view")
    /// Shown by `top -H` and debuggers (at most 15 bytes are kept).
    public var name: String {
        get { storedName.withLock { $0 } }
        set { storedName.withLock { $0 = newValue } }
    }

    public init(block: @escaping @Sendable () -> Void) {
        body = block
    }

    public func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let created = pthread_create(&thread, &attributes, { context in
            let me = Unmanaged<Thread>.fromOpaque(context!).takeRetainedValue()
            Thread.name(me.name)
            me.body()
            return nil
        }, context)
        pthread_attr_destroy(&attributes)
        precondition(created == 0, "cannot start a thread: \(String(cString: strerror(created)))")
    }

    /// The calling thread's name, as the kernel keeps it (pthread_setname_np is not
    /// visible to Swift without _GNU_SOURCE; this is what it does).
    private static func name(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}

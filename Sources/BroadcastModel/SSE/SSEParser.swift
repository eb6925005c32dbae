/// An incremental decoder of `text/event-stream`, following the WHATWG HTML
/// "interpreting an event stream" rules.
///
/// Feed it bytes as they arrive, in chunks of any size; the same bytes give
/// the same items however they are split. Lines and events larger than
/// `maxSize` are dropped with a diagnostic and the parser resynchronises at
/// the next blank line, so memory stays bounded whatever the server sends.
public struct SSEParser: Sendable {
    /// Default cap for one line or one event's data: a `tts_ready` carries a
    /// base64 MP3 of a few hundred KB, so 16 MiB leaves ample room.
    public static let defaultMaxSize = 16 << 20

    public let maxSize: Int

    /// The last event ID string, as the spec's dispatch step sets it.
    public private(set) var lastEventID: String
    /// The reconnection time in milliseconds, if the stream set one.
    public private(set) var reconnectionTime: Int?

    private var lastEventIDBuffer: String
    private var dataBuffer: [UInt8] = []
    private var eventTypeBuffer: [UInt8] = []
    /// Bytes of a line whose end has not arrived yet.
    private var lineBuffer: [UInt8] = []
    /// The previous chunk ended with CR: an LF at the start of this one belongs to it.
    private var pendingCR = false
    /// How many bytes of the UTF-8 BOM have been matched at the start of the stream;
    /// `nil` once the start of the stream is behind us.
    private var bomMatched: Int? = 0
    /// The current line is over the cap: its bytes are skipped until its end.
    private var discardingLine = false
    /// An oversized line or event was dropped: skip lines until a blank one.
    private var skippingEvent = false
    private var output: [SSEItem] = []

    /// - Parameters:
    ///   - lastEventID: carried over from an earlier connection, so that a
    ///     reconnect keeps reporting the id the server last gave.
    ///   - maxSize: cap for one line and for one event's data, in bytes.
    public init(lastEventID: String = "", maxSize: Int = SSEParser.defaultMaxSize) {
        self.lastEventID = lastEventID
        self.lastEventIDBuffer = lastEventID
        self.maxSize = max(maxSize, 16)
    }

    /// Feeds the next chunk of the stream; returns what it completed.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [SSEItem] {
        var chunk = UnsafeBufferPointer(
            start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        if let matched = bomMatched {
            chunk = skipBOM(chunk, matched: matched)
        }
        if !chunk.isEmpty { scan(chunk) }
        let items = output
        output.removeAll(keepingCapacity: true)
        return items
    }

    /// Feeds the next chunk of the stream; returns what it completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEItem] {
        var result: [SSEItem] = []
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            result = feed(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            let copy = Array(bytes)
            result = copy.withUnsafeBytes { feed($0) }
        }
        return result
    }

    /// The end of the stream: an unfinished event is discarded, as the spec says.
    /// The last event id and reconnection time are kept for the next connection.
    public mutating func finish() {
        dataBuffer = []
        eventTypeBuffer = []
        lineBuffer = []
        pendingCR = false
        discardingLine = false
        skippingEvent = false
        bomMatched = 0
        lastEventIDBuffer = lastEventID
    }

    /// Bytes held for an unfinished line and event (bounded by `maxSize` each).
    var bufferedBytes: Int { lineBuffer.count + dataBuffer.count }

    // MARK: - Byte order mark

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Skips a UTF-8 BOM at the very start of the stream, even when it is split across chunks.
    private mutating func skipBOM(_ chunk: UnsafeBufferPointer<UInt8>, matched: Int) -> UnsafeBufferPointer<UInt8> {
        var matched = matched
        var index = 0
        while matched < 3, index < chunk.count {
            guard chunk[index] == Self.bom[matched] else {
                // Not a BOM after all: the bytes held back are ordinary content.
                bomMatched = nil
                if matched > 0 {
                    Self.bom[0..<matched].withUnsafeBufferPointer { scan($0) }
                }
                return UnsafeBufferPointer(rebasing: chunk[index...])
            }
            matched += 1
            index += 1
        }
        bomMatched = matched == 3 ? nil : matched
        return UnsafeBufferPointer(rebasing: chunk[index...])
    }

    // MARK: - Lines

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let colon: UInt8 = 0x3A
    private static let space: UInt8 = 0x20

    /// Splits the chunk into lines; `find` reads eight bytes at a time, so long lines
    /// (base64 audio) cost little.
    private mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard let base = chunk.baseAddress else { return }
        let count = chunk.count
        var index = 0
        if pendingCR {
            pendingCR = false
            if base[0] == Self.lf { index = 1 }
        }
        var nextCR = -1
        while index < count {
            if nextCR < index {
                nextCR = Self.find(Self.cr, base, from: index, count: count)
            }
            let nextLF = Self.find(Self.lf, base, from: index, count: count)
            let end = min(nextCR, nextLF)
            if end == count {
                appendPartialLine(UnsafeBufferPointer(start: base + index, count: count - index))
                return
            }
            completeLine(UnsafeBufferPointer(start: base + index, count: end - index))
            if base[end] == Self.cr {
                if end + 1 < count {
                    index = base[end + 1] == Self.lf ? end + 2 : end + 1
                } else {
                    pendingCR = true
                    index = end + 1
                }
            } else {
                index = end + 1
            }
        }
    }

    /// The index of the first `byte` at or after `from`, or `count`. A word at a time: XOR with
    /// the byte repeated turns a match into a zero byte, and `(w - 0x01…) & ~w & 0x80…` is
    /// non-zero exactly when `w` has a zero byte; then the last few bytes are read one by one.
    static func find(_ byte: UInt8, _ base: UnsafePointer<UInt8>, from: Int, count: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let pattern = UInt64(byte) &* ones
        let raw = UnsafeRawPointer(base)
        var index = from
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
            if (word &- ones) & ~word & (ones << 7) != 0 { break }
            index += 8
        }
        while index < count {
            if base[index] == byte { return index }
            index += 1
        }
        return count
    }

    private mutating func appendPartialLine(_ part: UnsafeBufferPointer<UInt8>) {
        if discardingLine { return }
        if lineBuffer.count + part.count > maxSize {
            output.append(.diagnostic(.lineTooLong(bytes: lineBuffer.count + part.count, limit: maxSize)))
            lineBuffer = []
            discardingLine = true
            dropEvent()
            return
        }
        lineBuffer.append(contentsOf: part)
    }

    private mutating func completeLine(_ tail: UnsafeBufferPointer<UInt8>) {
        if discardingLine {
            // The rest of an oversized line: gone, and not a blank line either.
            discardingLine = false
            return
        }
        if lineBuffer.isEmpty {
            if tail.count > maxSize {
                output.append(.diagnostic(.lineTooLong(bytes: tail.count, limit: maxSize)))
                dropEvent()
                return
            }
            processLine(tail)
            return
        }
        if lineBuffer.count + tail.count > maxSize {
            output.append(.diagnostic(.lineTooLong(bytes: lineBuffer.count + tail.count, limit: maxSize)))
            lineBuffer = []
            dropEvent()
            return
        }
        lineBuffer.append(contentsOf: tail)
        var line = lineBuffer
        lineBuffer = []
        line.withUnsafeBufferPointer { processLine($0) }
        // Keep a modest buffer for the next split line; let a huge one go.
        if line.capacity <= 1 << 16 {
            line.removeAll(keepingCapacity: true)
            lineBuffer = line
        }
    }

    /// Forgets the event being built and skips lines until the next blank one.
    private mutating func dropEvent() {
        dataBuffer = []
        eventTypeBuffer.removeAll()
        skippingEvent = true
    }

    // MARK: - Fields

    private mutating func processLine(_ line: UnsafeBufferPointer<UInt8>) {
        if skippingEvent {
            if line.isEmpty { skippingEvent = false }
            return
        }
        guard let first = line.first else {
            dispatch()
            return
        }
        if first == Self.colon {
            output.append(.comment(Self.string(Self.value(after: 0, in: line))))
            return
        }
        let colonIndex = line.firstIndex(of: Self.colon)
        let name = UnsafeBufferPointer(rebasing: line[..<(colonIndex ?? line.count)])
        let value = colonIndex.map { Self.value(after: $0, in: line) }
            ?? UnsafeBufferPointer(rebasing: line[line.count...])
        switch Field(name) {
        case .data:
            if dataBuffer.count + value.count + 1 > maxSize {
                output.append(.diagnostic(.eventTooLarge(bytes: dataBuffer.count + value.count + 1, limit: maxSize)))
                dropEvent()
                return
            }
            dataBuffer.append(contentsOf: value)
            dataBuffer.append(Self.lf)
        case .event:
            eventTypeBuffer.removeAll(keepingCapacity: true)
            eventTypeBuffer.append(contentsOf: value)
        case .id:
            if !value.contains(0) { lastEventIDBuffer = Self.string(value) }
        case .retry:
            if let milliseconds = Self.parseDigits(value) { reconnectionTime = milliseconds }
        case .other:
            break
        }
    }

    /// The bytes after the colon at `colon`, without one leading space.
    private static func value(after colon: Int, in line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = colon + 1
        if start < line.count, line[start] == space { start += 1 }
        return UnsafeBufferPointer(rebasing: line[start...])
    }

    /// ASCII digits only, and not empty; a value too large for an Int is ignored.
    private static func parseDigits(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !value.isEmpty else { return nil }
        var result = 0
        for byte in value {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            result = sum
        }
        return result
    }

    private mutating func dispatch() {
        lastEventID = lastEventIDBuffer
        guard !dataBuffer.isEmpty else {
            eventTypeBuffer.removeAll(keepingCapacity: true)
            return
        }
        dataBuffer.removeLast()  // always the LF appended after the last data line
        let type = eventTypeBuffer.isEmpty
            ? "message" : eventTypeBuffer.withUnsafeBufferPointer { Self.string($0) }
        let data = dataBuffer.withUnsafeBufferPointer { Self.string($0) }
        output.append(.event(SSEEvent(type: type, data: data, lastEventID: lastEventID)))
        if dataBuffer.capacity <= 1 << 16 {
            dataBuffer.removeAll(keepingCapacity: true)
        } else {
            dataBuffer = []
        }
        eventTypeBuffer.removeAll(keepingCapacity: true)
    }

    /// UTF-8 with invalid sequences replaced by U+FFFD.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// The four fields the spec knows, matched on bytes without building a String.
private enum Field {
    case data, event, id, retry, other

    init(_ name: UnsafeBufferPointer<UInt8>) {
        switch name.count {
        case 2 where name[0] == 0x69 && name[1] == 0x64:
            self = .id
        case 4 where name.elementsEqual("data".utf8):
            self = .data
        case 5 where name.elementsEqual("event".utf8):
            self = .event
        case 5 where name.elementsEqual("retry".utf8):
            self = .retry
        default:
            self = .other
        }
    }
}

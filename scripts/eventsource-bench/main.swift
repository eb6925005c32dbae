// eventsource-bench FILE: mattt/EventSource's parser over FILE's bytes, fed as that
// package feeds it (one `consume` per byte), 16 KiB at a time, drained after each
// chunk; best of 3. Prints "<seconds> <events>". vas-bench runs it on the bytes it
// measures its own parser on, in the same run.
import Foundation

let path = CommandLine.arguments[1]
let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
let chunk = 16 * 1024
var best = Double.infinity
var events = 0
for _ in 0..<3 {
    let start = ContinuousClock.now
    let parser = EventSource.Parser()
    var count = 0
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + chunk)
        for byte in bytes[offset..<end] { await parser.consume(byte) }
        while await parser.getNextEvent() != nil { count += 1 }
        offset = end
    }
    await parser.finish()
    while await parser.getNextEvent() != nil { count += 1 }
    let elapsed = ContinuousClock.now - start
    best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    events = count
}
print(best, events)

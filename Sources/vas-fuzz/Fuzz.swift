// libFuzzer entry point for vas-view's input paths. `make fuzz` builds this with
// -sanitize=fuzzer,address -DFUZZING; VAS_FUZZ_TARGET picks the target.
// Without FUZZING (a plain `swift build`) it replays saved inputs instead.
import TestSupport
import Foundation
import BroadcastModel
import ViewerTUI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzTargets.run(FuzzTargets.selected, UnsafeBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
// SwiftPM renames an executable's main, so libFuzzer's own main is not used: ours runs its driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
    }
}
#else
/// Replays saved inputs: `vas-fuzz TARGET FILE...`.
@main
struct Reproduce {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let target = arguments.first, FuzzTargets.names.contains(target) else {
            print("usage: vas-fuzz TARGET FILE...  (targets: \(FuzzTargets.names.joined(separator: ", "))); make fuzz runs libFuzzer")
            return
        }
        for path in arguments.dropFirst() {
            let data = FileManager.default.contents(atPath: path) ?? Data()
            data.withUnsafeBytes { FuzzTargets.run(target, $0.bindMemory(to: UInt8.self)) }
            print("\(path): ok")
        }
    }
}
#endif

import Foundation
import BroadcastModel

/// The programs the end-to-end tests run: vas-view and vas-sim as `make test` builds them
/// (`VAS_BIN_DIR` names another folder). A binary older than the compiled code of its modules
/// is refused: `swift test` compiles the modules the tests import but links no program, and
/// the tests would otherwise run an old vas-view and pass.
public enum BuiltPrograms {
    /// The package's root folder.
    public static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["VAS_BIN_DIR"] { return URL(fileURLWithPath: path) }
        return package.appendingPathComponent(".build/debug")
    }()

    public static var viewer: URL { checked("vas-view", modules: ["BroadcastModel", "BroadcastCore", "ViewerTUI", "vas_view"]) }
    public static var simulator: URL { checked("vas-sim", modules: ["vas_sim", "SimWire"]) }
    public static var host: URL { checked("vas-host", modules: ["vas_host", "SimWire"]) }

    static func modified(_ url: URL) -> Date? {
        try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
    }

    /// The newest object file compiled for these modules.
    static func newestObject(of modules: [String]) -> Date {
        var newest = Date.distantPast
        for module in modules {
            let folder = directory.appendingPathComponent(module + ".build")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".o") {
                if let date = modified(folder.appendingPathComponent(name)), date > newest { newest = date }
            }
        }
        return newest
    }

    /// The binary, once it is known to be at least as new as its modules' code (unless VAS_BIN_DIR chose it).
    static func checked(_ name: String, modules: [String]) -> URL {
        let url = directory.appendingPathComponent(name)
        guard ProcessInfo.processInfo.environment["VAS_BIN_DIR"] == nil else { return url }
        let built = modified(url) ?? .distantPast
        precondition(built >= newestObject(of: modules),
                     "\(url.path) is older than its compiled code (or missing): build it (swift build, or make test), or the tests would run an old program")
        return url
    }
}

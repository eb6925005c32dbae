import Foundation
import BroadcastModel

/// Files under Tests/Fixtures, found from this source file's location.
public enum Fixtures {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    public static func url(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(name)))
    }
}

import Foundation

/// Paths of the real definition folders, so tests load exactly what ships.
public enum RepositoryPaths {
    /// The package root, found from this source file's location.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var protocols: String { "\(root)/Protocols" }
    public static var escalation: String { "\(root)/Escalation" }
    public static var fixtures: String { "\(root)/Tests/Fixtures" }

    /// A fresh empty temporary directory.
    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "crisisd-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

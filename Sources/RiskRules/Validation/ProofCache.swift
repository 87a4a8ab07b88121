import CrisisCore
import Foundation

/// Proof results by protocol file hash, kept in a JSON file so a restart does not enumerate answer spaces again.
public struct ProofCache: Sendable {
    private let path: String?

    /// `path` nil: prove every time, remember nothing.
    public init(path: String?) { self.path = path }

    private struct Entry: Codable {
        var severity: String
        var code: String
        var file: String
        var path: String
        var message: String
    }

    /// The proof diagnostics for a definition: cached when its hash was proven before, computed (and stored) otherwise.
    public func diagnostics(for definition: ProtocolDefinition, file: String) -> [Diagnostic] {
        var cache = load()
        if let entries = cache[definition.hash] {
            return entries.map {
                Diagnostic($0.severity == "error" ? .error : .warning, code: $0.code, file: file, path: $0.path, message: $0.message)
            }
        }
        let diagnostics = ProtocolProver.check(definition, file: file)
        cache[definition.hash] = diagnostics.map {
            Entry(severity: $0.severity.rawValue, code: $0.code, file: $0.file, path: $0.path, message: $0.message)
        }
        save(cache)
        return diagnostics
    }

    private func load() -> [String: [Entry]] {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? JSONDecoder().decode([String: [Entry]].self, from: data)) ?? [:]
    }

    /// Best effort: a cache that cannot be written only costs time at the next start.
    private func save(_ cache: [String: [Entry]]) {
        guard let path, let data = try? JSONEncoder().encode(cache) else { return }
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

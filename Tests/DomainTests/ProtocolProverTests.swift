import CrisisCore
import CrisisTestSupport
import Foundation
import RiskRules
import Testing

@Suite struct ProtocolProverTests {
    static func prove(_ fixture: String) throws -> [Diagnostic] {
        let file = "\(RepositoryPaths.fixtures)/protocols/\(fixture).yaml"
        let (definition, diagnostics) = ProtocolCompiler.compile(text: try String(contentsOfFile: file, encoding: .utf8), file: file)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return ProtocolProver.check(try #require(definition), file: file)
    }

    @Test func validFixtureProvesClean() throws {
        #expect(try Self.prove("valid").isEmpty)
    }

    @Test(arguments: [
        ("rule-never-fires", "rule-unreachable", "rule 'b_yes' never fires for any valid answers"),
        ("rule-never-decides", "rule-shadowed", "rule 'also_b' fires but a more severe rule always decides the outcome"),
        ("yes-lowers-the-tier", "not-monotonic",
         "a more positive answer lowers the tier: {a: yes, b: no} with b = yes gives none instead of high"),
    ])
    func brokenFixtureGivesItsProofDiagnostic(_ fixture: String, _ code: String, _ message: String) throws {
        let diagnostics = try Self.prove(fixture)
        #expect(diagnostics.map(\.code) == [code], "\(diagnostics)")
        #expect(diagnostics.first?.message == message)
    }

    /// Every shipped instrument small enough to enumerate proves clean; PHQ-9 says plainly that it was skipped.
    @Test func shippedProtocolsProve() throws {
        let library = try #require(ProtocolLoader.load(directory: RepositoryPaths.protocols).0)
        for id in library.ids {
            let diagnostics = ProtocolProver.check(try #require(library[id]), file: id.rawValue)
            if id.rawValue == "phq9" {
                #expect(diagnostics.map(\.code) == ["proof-skipped"])
            } else {
                #expect(diagnostics.isEmpty, "\(id): \(diagnostics)")
            }
        }
    }
}

@Suite struct ProofCacheTests {
    static func folder(with fixture: String) throws -> String {
        let root = RepositoryPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(root)/tiny", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: "\(RepositoryPaths.fixtures)/protocols/\(fixture).yaml", toPath: "\(root)/tiny/protocol.yaml")
        return root
    }

    @Test func loadingWithProofsRefusesAProtocolWhoseRuleCanNeverFire() throws {
        let root = try Self.folder(with: "rule-never-fires")
        #expect(ProtocolLoader.load(directory: root).0 != nil)  // without proofs it would load
        let (library, diagnostics) = ProtocolLoader.load(directory: root, proofs: ProofCache(path: nil))
        #expect(library == nil)
        #expect(diagnostics.map(\.code) == ["rule-unreachable"])
    }

    @Test func cachedResultsAreUsedByHash() throws {
        let root = try Self.folder(with: "valid")
        let cache = RepositoryPaths.temporaryDirectory() + "/proofs.json"
        let (library, first) = ProtocolLoader.load(directory: root, proofs: ProofCache(path: cache))
        #expect(first.isEmpty)
        let hash = try #require(library?[ProtocolID("tiny")]?.hash)
        // Plant a result under that hash: the loader must report it instead of proving again.
        let planted = #"{"\#(hash)": [{"severity": "error", "code": "planted", "file": "x", "path": "", "message": "from the cache"}]}"#
        try planted.write(toFile: cache, atomically: true, encoding: .utf8)
        let (again, second) = ProtocolLoader.load(directory: root, proofs: ProofCache(path: cache))
        #expect(again == nil)
        #expect(second.map(\.code) == ["planted"])
    }
}

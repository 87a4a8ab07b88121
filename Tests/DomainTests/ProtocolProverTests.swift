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

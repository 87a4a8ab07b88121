import CrisisCore
import CrisisTestSupport
import FHIR
import Foundation
import RiskRules
import Testing

/// `Protocols/fhir-questionnaires.yaml`: the shipped registry loads, and each kind of mistake in it is an error
/// with its own code (the file is a mutation of the shipped one, so a row cannot pass by being unrelated).
@Suite struct QuestionnaireRegistryTests {
    static let library: ProtocolLibrary = ProtocolLoader.load(directory: RepositoryPaths.protocols).0!

    @Test func theShippedRegistryLoadsWithEveryPublicForm() throws {
        let (registry, diagnostics) = QuestionnaireRegistryLoader.load(directory: RepositoryPaths.protocols, protocols: Self.library)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let entries = try #require(registry).entries
        #expect(entries["http://hl7.org/fhir/us/core/Questionnaire/phq-9-example"]?.items["/44260-8"] == "item9")
        #expect(entries["http://hl7.org/fhir/us/core/Questionnaire/phq-9-example"]?.reportedScores["/44261-6"] == "total")
        #expect(entries["https://www.cms.gov/files/document/cssrs-screen-version-instrument.pdf"]?.items["/93249-1"] == "q4")
        #expect(entries["http://loinc.org/q/93373-9"]?.items.count == 7)
    }

    @Test(arguments: [
        ("\"/44253-3\": item8", "\"/44253-3\": item88", "unknown-item"),
        ("protocol: phq9\n    source: \"US Core", "protocol: phq99\n    source: \"US Core", "unknown-protocol"),
        ("reported_scores:\n      \"/44261-6\": total\n\n  - canonical: \"http://loinc", "reported_scores:\n      \"/44261-6\": totl\n\n  - canonical: \"http://loinc", "unknown-score"),
        ("\"/44253-3\": item8", "\"/44253-3\": item7", "item-mapped-twice"),
        ("canonical: \"http://loinc.org/q/44249-1\"", "canonical: \"http://hl7.org/fhir/us/core/Questionnaire/phq-9-example\"", "duplicate-canonical"),
        ("canonical: \"http://loinc.org/q/44249-1\"", "canonical: \"http://loinc.org/q/44249-1|2.0\"", "invalid-canonical"),
        ("    ignored:\n      \"/93374-7\": \"the client's own suicide risk level; not", "    ignore:\n      \"/93374-7\": \"the client's own suicide risk level; not", "unknown-key"),
        ("\"/69722-7\": difficulty", "\"/69722-7\": difficulty\n      \"/69722-7\": item1", "duplicate-key"),
    ])
    func aBrokenRegistryIsRefused(_ original: String, _ replacement: String, _ code: String) throws {
        let shipped = try String(contentsOfFile: "\(RepositoryPaths.protocols)/\(QuestionnaireRegistryLoader.fileName)", encoding: .utf8)
        #expect(shipped.contains(original), "the mutation must apply to the shipped file")
        let directory = RepositoryPaths.temporaryDirectory()
        try shipped.replacingOccurrences(of: original, with: replacement)
            .write(toFile: "\(directory)/\(QuestionnaireRegistryLoader.fileName)", atomically: true, encoding: .utf8)
        let (registry, diagnostics) = QuestionnaireRegistryLoader.load(directory: directory, protocols: Self.library)
        #expect(registry == nil)
        #expect(diagnostics.map(\.code).contains(code), "\(diagnostics)")
    }

    @Test func noFileMeansOnlyCrisisdsOwnQuestionnaires() {
        let (registry, diagnostics) = QuestionnaireRegistryLoader.load(directory: RepositoryPaths.temporaryDirectory(), protocols: Self.library)
        #expect(registry?.entries.isEmpty == true)
        #expect(diagnostics.isEmpty)
    }
}

import CrisisCore
import CrisisTestSupport
import FHIR
import Foundation
import RiskRules
import Testing

@Suite struct QuestionnaireExporterTests {
    @Test func everyShippedProtocolExports() throws {
        let library = try #require(ProtocolLoader.load(directory: RepositoryPaths.protocols).0)
        for id in library.ids {
            let definition = try #require(library[id])
            let questionnaire = try QuestionnaireExporter.questionnaire(for: definition, publicURL: "https://c.example").get()
            #expect(questionnaire.id == id.rawValue.replacingOccurrences(of: "_", with: "-"))
            #expect(questionnaire.version == definition.version)
            #expect(questionnaire.item.prefix(definition.itemIDs.count).map(\.linkId) == definition.itemIDs)
        }
    }

    @Test func asqAcuityQuestionIsEnabledByAnyNonNegativeAnswer() throws {
        let definition = try #require(ProtocolLoader.load(directory: RepositoryPaths.protocols).0?[ProtocolID("asq")])
        let questionnaire = try QuestionnaireExporter.questionnaire(for: definition, publicURL: "https://c.example").get()
        let q5 = try #require(questionnaire.item.first { $0.linkId == "q5" })
        #expect(q5.enableBehavior == "any")
        #expect(q5.enableWhen?.map(\.question) == ["q1", "q2", "q3", "q4"])
        #expect(q5.enableWhen?.allSatisfy { $0.operator == "!=" && $0.answerCoding.code == "no" } == true)
        // Required only when the screen was not refused whole: FHIR cannot say that, so it is not marked required.
        #expect(q5.required == nil)
    }

    @Test func skipLogicEnableWhenCannotExpressIsAnErrorNotADroppedCondition() throws {
        let file = "\(RepositoryPaths.fixtures)/protocols/valid.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "    asked_if: a == yes", with: "    asked_if: a == yes and (a != no or a == yes)")
        let definition = try #require(ProtocolCompiler.compile(text: text, file: file).0)
        guard case .failure(let error) = QuestionnaireExporter.questionnaire(for: definition, publicURL: "https://c.example") else {
            Issue.record("expected the export to refuse")
            return
        }
        #expect(error.item == "b")
    }
}

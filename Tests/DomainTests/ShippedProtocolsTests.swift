import CrisisCore
import CrisisTestSupport
import Foundation
import RiskRules
import Testing

/// The real `Protocols/` folder: every instrument loads cleanly and reproduces its worked examples.
@Suite struct ShippedProtocolsTests {
    static let expected = [
        "asq", "bssa", "bvc", "cssrs_screen_recent", "cssrs_screen_since_last_contact", "phq9", "safe_t",
    ]

    @Test func everyInstrumentLoadsWithoutDiagnostics() {
        let (library, diagnostics) = ProtocolLoader.load(directory: RepositoryPaths.protocols)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(library?.ids.map(\.rawValue) == Self.expected)
    }

    @Test(arguments: expected)
    func workedExamplesPass(_ id: String) throws {
        let library = try #require(ProtocolLoader.load(directory: RepositoryPaths.protocols).0)
        let definition = try #require(library[ProtocolID(id)])
        let file = "\(RepositoryPaths.protocols)/\(id)/cases.yaml"
        let (examples, diagnostics) = WorkedExamples.load(file: file)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(examples.count >= 12)
        #expect(examples.allSatisfy { !$0.source.trimmingCharacters(in: .whitespaces).isEmpty })
        #expect(Set(examples.map(\.name)).count == examples.count)
        let failures = WorkedExamples.run(examples, on: definition, file: file)
        #expect(failures.isEmpty, "\(failures)")
        // Every outcome of the instrument appears in its examples, and so does `invalid`.
        let outcomes = Set(examples.map(\.expectedOutcome))
        #expect(outcomes.contains(Evaluation.invalidOutcome))
    }

    /// Examples cover every rule, band and flag (each fires in at least one example) and every outcome.
    @Test(arguments: expected)
    func workedExamplesCoverEveryRuleAndOutcome(_ id: String) throws {
        let definition = try #require(ProtocolLoader.load(directory: RepositoryPaths.protocols).0?[ProtocolID(id)])
        let (examples, _) = WorkedExamples.load(file: "\(RepositoryPaths.protocols)/\(id)/cases.yaml")
        var fired = Set<String>()
        var outcomes = Set<String>()
        for example in examples {
            guard case .success(let answers) = definition.read(example.answers) else { continue }
            let evaluation = definition.evaluate(answers)
            fired.formUnion(evaluation.fired.map(\.rule))
            outcomes.insert(evaluation.outcome)
        }
        let rules = Set(definition.ruleIDs)
        #expect(rules.subtracting(fired).isEmpty, "rules without an example: \(rules.subtracting(fired).sorted())")
        let flags = Set(definition.flagIDs)
        #expect(flags.subtracting(fired).isEmpty, "flags without an example: \(flags.subtracting(fired).sorted())")
        let reachable = Set(definition.outcomeIDs).subtracting(id == "bssa" || id == "safe_t" ? [definition.defaultOutcomeID] : [])
        #expect(reachable.subtracting(outcomes).isEmpty, "outcomes without an example: \(reachable.subtracting(outcomes).sorted())")
    }

    @Test func phq9ItemNineRaisesTheFlagAndAsksForAScreen() throws {
        let definition = try #require(ProtocolLoader.load(directory: RepositoryPaths.protocols).0?[ProtocolID("phq9")])
        var answers: Answers = [:]
        for index in 1...8 { answers["item\(index)"] = .integer(2) }
        answers["item9"] = .integer(2)
        let evaluation = definition.evaluate(answers)
        #expect(evaluation.score == 18)
        #expect(evaluation.outcome == "moderately_severe")
        #expect(evaluation.tier == .low)
        #expect(evaluation.flags.contains("item9_flag"))
        #expect(evaluation.followUps == [ProtocolID("cssrs_screen_recent")])
        #expect(evaluation.fired.map(\.rule) == ["total_band", "item9_flag"])
    }
}

import CrisisCore
import RiskRules
import Testing
import CrisisTestSupport

/// The C-SSRS Screen Version – Recent triage (protocols.md §1.2), evaluated by the shipped protocol file.
@Suite struct CSSRSTriageTests {
    static let library: ProtocolLibrary? = ProtocolLoader.load(directory: RepositoryPaths.protocols).0

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var answers: [String: String]
        var outcome: String
        var tier: RiskTier
        var fired: [String]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "none", answers: ["q1": "no", "q2": "no", "q6": "no"], outcome: "none", tier: .none, fired: []),
        Row(name: "Q1 only → low", answers: ["q1": "yes", "q2": "no", "q6": "no"], outcome: "low", tier: .low,
            fired: ["wish_or_thoughts"]),
        Row(name: "Q2 with Q3–Q5 no → low",
            answers: ["q1": "no", "q2": "yes", "q3": "no", "q4": "no", "q5": "no", "q6": "no"], outcome: "low", tier: .low,
            fired: ["wish_or_thoughts"]),
        Row(name: "Q3 → moderate",
            answers: ["q1": "yes", "q2": "yes", "q3": "yes", "q4": "no", "q5": "no", "q6": "no"], outcome: "moderate",
            tier: .moderate, fired: ["wish_or_thoughts", "method"]),
        Row(name: "Q6 yes, not recent → moderate", answers: ["q1": "no", "q2": "no", "q6": "yes", "q6_recent": "no"],
            outcome: "moderate", tier: .moderate, fired: ["behaviour_over_3_months_ago"]),
        Row(name: "Q4 → high",
            answers: ["q1": "yes", "q2": "yes", "q3": "no", "q4": "yes", "q5": "no", "q6": "no"], outcome: "high", tier: .high,
            fired: ["wish_or_thoughts", "intent_or_plan"]),
        Row(name: "Q5 → high",
            answers: ["q1": "yes", "q2": "yes", "q3": "yes", "q4": "no", "q5": "yes", "q6": "no"], outcome: "high", tier: .high,
            fired: ["wish_or_thoughts", "method", "intent_or_plan"]),
        Row(name: "Q6 recent → high", answers: ["q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"], outcome: "high",
            tier: .high, fired: ["behaviour_past_3_months"]),
        Row(name: "Q6 recent with Q1 → high", answers: ["q1": "yes", "q2": "no", "q6": "yes", "q6_recent": "yes"],
            outcome: "high", tier: .high, fired: ["wish_or_thoughts", "behaviour_past_3_months"]),
    ]

    @Test(arguments: rows)
    func triageRow(_ row: Row) throws {
        let definition = try #require(Self.library?[ProtocolID("cssrs_screen_recent")])
        let answers = try definition.read(row.answers.mapValues { .text($0) }).get()
        let evaluation = definition.evaluate(answers)
        #expect(evaluation.outcome == row.outcome)
        #expect(evaluation.tier == row.tier)
        #expect(evaluation.fired.map(\.rule) == row.fired)
        #expect(evaluation.problems.isEmpty)
        #expect(evaluation.hash.hasPrefix("sha256:") && evaluation.hash.count == 71)
    }

    @Test func recencyMissingIsInvalidAndRoutedHigh() throws {
        let definition = try #require(Self.library?[ProtocolID("cssrs_screen_recent")])
        let evaluation = definition.evaluate(["q1": .code("no"), "q2": .code("no"), "q6": .code("yes")])
        #expect(evaluation.outcome == "invalid")
        #expect(evaluation.tier == .high)
        #expect(evaluation.action.actionClass == .stat)
        #expect(evaluation.flags.contains("review_required"))
        #expect(evaluation.problems == [AnswerProblem(item: "q6_recent", kind: .missing, message: "'q6_recent' is required and was not answered")])
    }

    @Test func negativeAnswersToUnaskedItemsAreKeptAndFlagged() throws {
        let definition = try #require(Self.library?[ProtocolID("cssrs_screen_recent")])
        let evaluation = definition.evaluate(["q1": .code("no"), "q2": .code("no"), "q3": .code("no"), "q6": .code("no")])
        #expect(evaluation.outcome == "none")
        #expect(evaluation.flags == ["answered_when_not_asked"])
    }

    @Test func positiveAnswerToUnaskedItemIsAContradiction() throws {
        let definition = try #require(Self.library?[ProtocolID("cssrs_screen_recent")])
        let evaluation = definition.evaluate(["q1": .code("no"), "q2": .code("no"), "q4": .code("yes"), "q6": .code("no")])
        #expect(evaluation.outcome == "invalid")
        #expect(evaluation.tier == .high)
        #expect(evaluation.problems.map(\.kind) == [.contradiction])
    }

    @Test func outOfRangeValueReachesOnlyWhatTheOtherAnswersAllow() throws {
        let definition = try #require(Self.library?[ProtocolID("cssrs_screen_recent")])
        let evaluation = definition.evaluate(["q1": .code("maybe"), "q2": .code("no"), "q6": .code("no")])
        #expect(evaluation.outcome == "invalid")
        #expect(evaluation.tier == .low)
        #expect(evaluation.problems.map(\.kind) == [.outOfRange])
    }

    @Test func unknownItemsAndWrongTypesAreRejectedNotStored() throws {
        let definition = try #require(Self.library?[ProtocolID("cssrs_screen_recent")])
        let result = definition.read(["q1": .integer(1), "q9": .text("yes"), "q2": .other("boolean")])
        guard case .failure(let rejections) = result else {
            Issue.record("expected rejection")
            return
        }
        #expect(rejections.all.map(\.item) == ["q1", "q2", "q9"])
        #expect(rejections.all.map(\.kind) == [.wrongType, .wrongType, .unknownItem])
    }

    @Test func workedExamplesAllPass() throws {
        let definition = try #require(Self.library?[ProtocolID("cssrs_screen_recent")])
        let file = "\(RepositoryPaths.protocols)/cssrs_screen_recent/cases.yaml"
        let (examples, diagnostics) = WorkedExamples.load(file: file)
        #expect(diagnostics.isEmpty)
        #expect(examples.count >= 12)
        #expect(WorkedExamples.run(examples, on: definition, file: file).isEmpty)
    }
}

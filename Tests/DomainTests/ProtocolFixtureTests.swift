import CrisisCore
import CrisisTestSupport
import Foundation
import RiskRules
import Testing

/// Each broken fixture is named after its mistake and must give exactly that diagnostic, located.
@Suite struct ProtocolFixtureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var code: String
        /// Text of the line the diagnostic must point at (nil: no line check).
        var line: String?
        var column: Int?
        var message: String
        var testDescription: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "unknown-key-typo", code: "unknown-key", line: "    asked_iff: a == yes", column: 5,
             message: "unknown key 'asked_iff' (did you mean 'asked_if'?)"),
        Case(fixture: "unknown-item-in-condition", code: "condition-type", line: "    when: c == yes", column: 11,
             message: "'c' is not an item declared before this point"),
        Case(fixture: "option-not-declared", code: "condition-type", line: "    when: b == maybe", column: 16,
             message: "'maybe' is not an option of 'b' (options: yes, no)"),
        Case(fixture: "condition-syntax", code: "condition-syntax", line: "    when: b == yes or", column: 22,
             message: "condition ends too early"),
        Case(fixture: "unknown-outcome", code: "unknown-outcome", line: "    outcome: severe", column: 14,
             message: "no outcome named 'severe'"),
        Case(fixture: "duplicate-key", code: "duplicate-key", line: nil, column: nil, message: "duplicate key(s): id"),
        Case(fixture: "skip-logic-looks-ahead", code: "condition-type", line: "    asked_if: b == yes", column: 15,
             message: "'b' is not an item declared before this point"),
        Case(fixture: "missing-default-outcome", code: "missing-key", line: "schema: 1", column: 1,
             message: "missing required key 'default_outcome'"),
        Case(fixture: "reserved-invalid-outcome", code: "reserved-outcome", line: "  - id: invalid", column: 9,
             message: "'invalid' is reserved for answers that cannot be scored"),
        Case(fixture: "bands-leave-a-gap", code: "bands-incomplete", line: "      - { to: 2, outcome: none }", column: 7,
             message: "bands stop at 5 but the score reaches 6"),
        Case(fixture: "sum-over-choice-items", code: "condition-type", line: "    value: sum(c1..a)", column: 16,
             message: "sum needs integer items; 'a' takes option codes"),
        Case(fixture: "range-runs-backwards", code: "condition-type", line: "    value: sum(c2..c1)", column: 16,
             message: "'c2..c1' runs backwards; items are taken in declaration order"),
        Case(fixture: "unknown-function", code: "condition-syntax", line: "    when: avg(c1..c2) >= 2", column: 11,
             message: "unknown function 'avg' (use sum, count, any or all)"),
    ]

    @Test(arguments: cases)
    func brokenFixtureGivesItsDiagnostic(_ fixture: Case) throws {
        let file = "\(RepositoryPaths.fixtures)/protocols/\(fixture.fixture).yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let (definition, diagnostics) = ProtocolCompiler.compile(text: text, file: file)
        #expect(definition == nil)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        let diagnostic = try #require(errors.first)
        #expect(diagnostic.code == fixture.code)
        #expect(diagnostic.message == fixture.message)
        if let line = fixture.line {
            let expectedLine = try #require(text.components(separatedBy: "\n").firstIndex(of: line)) + 1
            #expect(diagnostic.line == expectedLine)
            #expect(diagnostic.column == fixture.column)
        }
    }

    @Test func validFixtureCompiles() throws {
        let file = "\(RepositoryPaths.fixtures)/protocols/valid.yaml"
        let (definition, diagnostics) = ProtocolCompiler.compile(text: try String(contentsOfFile: file, encoding: .utf8), file: file)
        #expect(diagnostics.isEmpty)
        #expect(definition?.itemIDs == ["a", "b"])
    }

    @Test func scoreFixtureCompilesAndBandsItsTotal() throws {
        let file = "\(RepositoryPaths.fixtures)/protocols/valid-with-score.yaml"
        let (definition, diagnostics) = ProtocolCompiler.compile(text: try String(contentsOfFile: file, encoding: .utf8), file: file)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let compiled = try #require(definition)
        let low = compiled.evaluate(["c1": .integer(1), "c2": .integer(1), "a": .code("no")])
        #expect(low.outcome == "none" && low.score == 2)
        let high = compiled.evaluate(["c1": .integer(3), "c2": .integer(0), "a": .code("no")])
        #expect(high.outcome == "high" && high.score == 3)
    }

    @Test func everyProblemInAFileIsReportedInOnePass() throws {
        let file = "\(RepositoryPaths.fixtures)/protocols/valid.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "    when: b == yes", with: "    when: c == yes")
            .replacingOccurrences(of: "    asked_if: a == yes", with: "    asked_iff: a == yes")
            .replacingOccurrences(of: "tier: high", with: "tier: severe")
        let (_, diagnostics) = ProtocolCompiler.compile(text: text, file: file)
        #expect(Set(diagnostics.map(\.code)) == ["condition-type", "unknown-key", "bad-value"])
    }
}

/// Arbitrary input never crashes the condition parser or the protocol compiler.
@Suite struct ParserRobustnessTests {
    /// Deterministic generator so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet = Array("ab q1 q2 yes no == != <= >= < > ( ) and or not always sum( count( any( all( .. , \" 0 12 _ - : { } [ ] \n\t#é")

    @Test func randomConditionsNeverCrash() {
        var random = SplitMix(state: 42)
        var parsed = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &random)
            let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &random) ?? " " })
            if case .success = ExpressionParser.parse(text) { parsed += 1 }
        }
        #expect(parsed > 0)
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let text = String(repeating: "not ", count: 100_000) + "a == yes"
        guard case .failure(let error) = ExpressionParser.parse(text) else {
            Issue.record("expected a depth error")
            return
        }
        #expect(error.message == "condition nested too deeply")
    }

    @Test func mutatedProtocolFilesNeverCrash() throws {
        let text = try String(contentsOfFile: "\(RepositoryPaths.protocols)/cssrs_screen_recent/protocol.yaml", encoding: .utf8)
        var random = SplitMix(state: 7)
        let characters = Array(text)
        for _ in 0..<300 {
            var mutated = characters
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<mutated.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: mutated.remove(at: index)
                case 1: mutated.insert(Self.alphabet.randomElement(using: &random) ?? " ", at: index)
                default: mutated[index] = Self.alphabet.randomElement(using: &random) ?? " "
                }
            }
            _ = ProtocolCompiler.compile(text: String(mutated), file: "mutated.yaml")
        }
    }
}

@Suite struct WorkedExampleReadingTests {
    /// An answer written as a list is reported, not skipped (skipping would run the example on other answers).
    @Test func aListAsAnAnswerIsAnError() throws {
        let file = RepositoryPaths.temporaryDirectory() + "/cases.yaml"
        try """
            protocol: tiny
            cases:
              - name: list answer
                source: "test"
                answers: { a: ["yes"], b: "no" }
                expect: { outcome: none, tier: none }
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let (examples, diagnostics) = WorkedExamples.load(file: file)
        #expect(diagnostics.map(\.code) == ["wrong-type"])
        #expect(diagnostics.first?.line == 5)
        #expect(examples.first?.answers["a"] == nil)
    }
}

import CrisisCore
import DefinitionFiles
import Foundation
import Yams

/// One worked example from a protocol's `cases.yaml`: answers and the published result they must give.
public struct WorkedExample: Sendable, Hashable {
    public var name: String
    /// Where the expected result comes from (the instrument's own triage), never the engine's output.
    public var source: String
    public var answers: [String: RawAnswer]
    public var expectedOutcome: String
    public var expectedTier: RiskTier
    /// Optional further expectations; `nil` means not checked.
    public var expectedScore: Int??
    public var expectedDomain: RiskDomain?
    public var expectedAction: ActionClass?
    /// Flags that must all be raised (others may be too).
    public var expectedFlags: [String]?
}

/// Reads `cases.yaml` files and checks a protocol against them.
public enum WorkedExamples {
    public static func load(file: String) -> ([WorkedExample], [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            return ([], [Diagnostic(.error, code: "unreadable", file: file, path: "", message: "cannot read the file as UTF-8")])
        }
        let reader = DocumentReader(file: file)
        guard let root = reader.parse(text), let top = reader.mapping(root, at: "", required: ["protocol", "cases"]) else {
            return ([], reader.diagnostics)
        }
        _ = reader.string(top["protocol"], at: "protocol")
        var examples: [WorkedExample] = []
        for entry in reader.sequence(top["cases"], at: "cases") {
            guard
                let example = reader.mapping(entry.node, at: entry.path, required: ["name", "source", "answers", "expect"]),
                let name = reader.string(example["name"], at: example.path("name")),
                let source = reader.string(example["source"], at: example.path("source")),
                let expect = reader.mapping(
                    example["expect"], at: example.path("expect"), required: ["outcome", "tier"],
                    optional: ["score", "domain", "action", "flags"]),
                let outcome = reader.string(expect["outcome"], at: expect.path("outcome")),
                let tierText = reader.string(expect["tier"], at: expect.path("tier"))
            else { continue }
            guard let tier = RiskTier(rawValue: tierText) else {
                reader.error("bad-value", at: expect["tier"], path: expect.path("tier"), "'\(tierText)' is not a tier")
                continue
            }
            var score: Int??
            if let node = expect["score"] {
                score = reader.isNull(node) ? .some(nil) : reader.integer(node, at: expect.path("score")).map { .some($0) }
            }
            let domain = expect["domain"].flatMap { reader.enumValue(RiskDomain.self, $0, at: expect.path("domain")) }
            let action = expect["action"].flatMap { reader.enumValue(ActionClass.self, $0, at: expect.path("action")) }
            let flags = expect["flags"].map {
                reader.sequence($0, at: expect.path("flags")).compactMap { reader.string($0.node, at: $0.path) }
            }
            var answers: [String: RawAnswer] = [:]
            if case .mapping(let mapping)? = example["answers"] {
                for (key, value) in mapping {
                    // A list or mapping as an answer is a mistake in the example, not something to skip.
                    guard case .scalar(let itemID) = key, case .scalar(let scalar) = value else {
                        reader.error("wrong-type", at: value, path: example.path("answers"), "each answer is a single code or number")
                        continue
                    }
                    // Quoted scalars are codes; plain integers are numbers.
                    if scalar.style == .plain, let number = Int(scalar.string) {
                        answers[itemID.string] = .integer(number)
                    } else {
                        answers[itemID.string] = .text(scalar.string)
                    }
                }
            } else if !reader.isNull(example["answers"]) {
                reader.error("wrong-type", at: example["answers"], path: example.path("answers"), "expected a mapping of answers")
            }
            examples.append(
                WorkedExample(
                    name: name, source: source, answers: answers, expectedOutcome: outcome, expectedTier: tier,
                    expectedScore: score, expectedDomain: domain, expectedAction: action, expectedFlags: flags))
        }
        return (examples, reader.diagnostics)
    }

    /// Runs each example; returns one diagnostic per example whose result differs from the expected one.
    public static func run(_ examples: [WorkedExample], on definition: ProtocolDefinition, file: String) -> [Diagnostic] {
        examples.compactMap { example in
            switch definition.read(example.answers) {
            case .failure(let rejections):
                return Diagnostic(
                    .error, code: "example-rejected", file: file, path: example.name,
                    message: rejections.all.map(\.message).joined(separator: "; "))
            case .success(let answers):
                let result = definition.evaluate(answers)
                var mismatches: [String] = []
                if result.outcome != example.expectedOutcome { mismatches.append("outcome \(result.outcome)") }
                if result.tier != example.expectedTier { mismatches.append("tier \(result.tier.rawValue)") }
                if let score = example.expectedScore, result.score != score {
                    mismatches.append("score \(result.score.map(String.init) ?? "null")")
                }
                if let domain = example.expectedDomain, result.domain != domain { mismatches.append("domain \(result.domain.rawValue)") }
                if let action = example.expectedAction, result.action.actionClass != action {
                    mismatches.append("action \(result.action.actionClass.rawValue)")
                }
                if let flags = example.expectedFlags, !Set(flags).isSubset(of: Set(result.flags)) {
                    mismatches.append("flags \(result.flags)")
                }
                guard !mismatches.isEmpty else { return nil }
                return Diagnostic(
                    .error, code: "example-failed", file: file, path: example.name,
                    message: "expected \(example.expectedOutcome)/\(example.expectedTier.rawValue), got \(mismatches.joined(separator: ", "))")
            }
        }
    }
}

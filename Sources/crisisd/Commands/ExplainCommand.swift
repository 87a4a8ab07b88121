import ArgumentParser
import CrisisCore
import Foundation
import RiskRules
import Workflow

/// `crisisd explain`: evaluate answers offline and show the outcome and the rules that fired.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Evaluate answers against a protocol.")

    @Option(help: "Protocol id, e.g. cssrs_screen_recent.")
    var `protocol`: String

    @Option(help: "JSON file of answers by item id, or - for standard input.")
    var answers: String

    @Option(help: "Output format: text or json.")
    var format = "text"

    @Option(help: "Protocols folder.")
    var protocols = "./Protocols"

    func run() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format is text or json") }
        let definition = try ProtocolLookup.definition(`protocol`, in: protocols)
        let data = answers == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: answers)
        guard let data, let raw = try? JSONDecoder().decode([String: WireAnswer].self, from: data).mapValues(\.raw) else {
            throw ValidationError("--answers must be a JSON object of answers by item id")
        }
        switch definition.read(raw) {
        case .failure(let rejections):
            throw ValidationError(rejections.all.map(\.message).joined(separator: "\n"))
        case .success(let read):
            let evaluation = definition.evaluate(read)
            print(format == "json" ? try json(evaluation) : text(evaluation, definition: definition))
        }
    }

    private func json(_ evaluation: Evaluation) throws -> String {
        let object: [String: Any] = [
            "protocol": evaluation.protocolID.rawValue, "version": evaluation.version, "hash": evaluation.hash,
            "outcome": evaluation.outcome, "score": evaluation.score.map { $0 as Any } ?? NSNull(),
            "tier": evaluation.tier.rawValue, "domain": evaluation.domain.rawValue, "flags": evaluation.flags,
            "action": [
                "class": evaluation.action.actionClass.rawValue,
                "within_minutes": evaluation.action.withinMinutes.map { $0 as Any } ?? NSNull(), "text": evaluation.action.text,
            ] as [String: Any],
            "fired": evaluation.fired.map { ["rule": $0.rule, "outcome": $0.outcome, "explanation": $0.explanation] },
            "problems": evaluation.problems.map { ["item": $0.item, "kind": $0.kind.rawValue, "message": $0.message] },
            "follow_ups": evaluation.followUps.map(\.rawValue),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private func text(_ evaluation: Evaluation, definition: ProtocolDefinition) -> String {
        var lines = [
            "\(definition.title) \(evaluation.version) (\(evaluation.hash))",
            "outcome: \(evaluation.outcome) — \(definition.label(forOutcome: evaluation.outcome))",
            "tier: \(evaluation.tier.rawValue) (\(evaluation.domain.rawValue)), action: \(evaluation.action.actionClass.rawValue)",
        ]
        if !evaluation.flags.isEmpty { lines.append("flags: \(evaluation.flags.joined(separator: ", "))") }
        for rule in evaluation.fired { lines.append("fired: \(rule.rule) → \(rule.outcome): \(rule.explanation)") }
        for problem in evaluation.problems { lines.append("problem: \(problem.kind.rawValue): \(problem.message)") }
        if let score = evaluation.score { lines.insert("score: \(score)", at: 2) }
        if !evaluation.followUps.isEmpty { lines.append("follow-up: \(evaluation.followUps.map(\.rawValue).joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}

/// One answer in an answers file, decoded without coercion (a boolean is not an integer).
private struct WireAnswer: Decodable {
    var raw: RawAnswer

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if (try? container.decode(Bool.self)) != nil {
            raw = .other("boolean")
        } else if let number = try? container.decode(Int.self) {
            raw = .integer(number)
        } else if let text = try? container.decode(String.self) {
            raw = .text(text)
        } else {
            raw = .other("value")
        }
    }
}

import CrisisCore

/// Proves properties of a compiled protocol by enumerating every valid answer set (design notes §10):
/// every rule and flag can fire, every rule can decide the outcome, and a more positive answer never lowers
/// the tier. Spaces larger than `limit` are skipped with a warning rather than sampled.
public enum ProtocolProver {
    public static let defaultLimit = 50_000

    public static func check(_ definition: ProtocolDefinition, file: String, limit: Int = defaultLimit) -> [Diagnostic] {
        var answerSets: [Answers] = []
        let read = readItems(definition)
        guard enumerate(definition, read: read, index: 0, current: [:], into: &answerSets, limit: limit) else {
            return [
                Diagnostic(.warning, code: "proof-skipped", file: file, path: "",
                           message: "more than \(limit) valid answer sets: reachability and monotonicity were not proven")
            ]
        }
        var fired = Set<String>()
        var decided = Set<String>()
        var diagnostics: [Diagnostic] = []
        var monotonicityReported = false
        for answers in answerSets {
            let evaluation = definition.evaluate(answers)
            if evaluation.isInvalid {
                diagnostics.append(
                    Diagnostic(.error, code: "enumeration-invalid", file: file, path: "",
                               message: "a valid answer set was judged invalid: \(describe(answers, definition))"))
                continue
            }
            fired.formUnion(evaluation.fired.map(\.rule))
            if let decider = evaluation.fired.first(where: { $0.outcome == evaluation.outcome }) { decided.insert(decider.rule) }
            if !monotonicityReported, let counterExample = loweringChange(in: answers, from: evaluation, definition, read: read) {
                diagnostics.append(
                    Diagnostic(.error, code: "not-monotonic", file: file, path: "items",
                               message: "a more positive answer lowers the tier: \(counterExample)"))
                monotonicityReported = true
            }
        }
        for (index, rule) in definition.rules.enumerated() {
            if !fired.contains(rule.id) {
                diagnostics.append(
                    Diagnostic(.error, code: "rule-unreachable", file: file, path: "rules[\(index)]",
                               message: "rule '\(rule.id)' never fires for any valid answers"))
            } else if !decided.contains(rule.id) {
                diagnostics.append(
                    Diagnostic(.warning, code: "rule-shadowed", file: file, path: "rules[\(index)]",
                               message: "rule '\(rule.id)' fires but a more severe rule always decides the outcome"))
            }
        }
        for (index, flag) in definition.flags.enumerated() where !fired.contains(flag.id) {
            diagnostics.append(
                Diagnostic(.error, code: "flag-unreachable", file: file, path: "flags[\(index)]",
                           message: "flag '\(flag.id)' is never raised for any valid answers"))
        }
        return diagnostics
    }

    /// Items some rule, flag, score or skip condition reads; no other item can change a result.
    private static func readItems(_ definition: ProtocolDefinition) -> Set<String> {
        var read = Set<String>()
        for rule in definition.rules { read.formUnion(rule.condition.items) }
        for flag in definition.flags { read.formUnion(flag.condition.items) }
        for score in definition.scores { read.formUnion(score.term.items) }
        for item in definition.items {
            read.formUnion(item.askedIf.items)
            read.formUnion(item.requiredIf?.items ?? [])
        }
        return read
    }

    /// Every answer set the skip logic allows: asked items take each value (and absence when optional); items not
    /// asked stay absent; an item nothing reads takes one representative value, which is enough (it cannot change
    /// a result). Returns false when the space exceeds `limit`.
    private static func enumerate(
        _ definition: ProtocolDefinition, read: Set<String>, index: Int, current: Answers, into result: inout [Answers],
        limit: Int
    ) -> Bool {
        guard index < definition.items.count else {
            result.append(current)
            return result.count <= limit
        }
        let item = definition.items[index]
        var next = current
        guard item.askedIf.evaluate(current) != .no else {
            return enumerate(definition, read: read, index: index + 1, current: current, into: &result, limit: limit)
        }
        let required = item.requiredIf?.evaluate(current) == .yes
        if !required {
            guard enumerate(definition, read: read, index: index + 1, current: current, into: &result, limit: limit) else {
                return false
            }
            if !read.contains(item.id) { return true }
        }
        let values = read.contains(item.id) ? item.answers.allValues : Array(item.answers.allValues.prefix(1))
        for value in values {
            next[item.id] = value
            guard enumerate(definition, read: read, index: index + 1, current: next, into: &result, limit: limit) else { return false }
        }
        return true
    }

    /// A single answer made more positive (a denial to another option, or a scale value one higher) that keeps
    /// the answers valid yet lowers the tier, described for the diagnostic; `nil` when there is none.
    private static func loweringChange(
        in answers: Answers, from evaluation: Evaluation, _ definition: ProtocolDefinition, read: Set<String>
    ) -> String? {
        for item in definition.items where read.contains(item.id) {
            guard let value = answers[item.id] else { continue }
            for raised in morePositive(than: value, in: item.answers) {
                var changed = answers
                changed[item.id] = raised
                let result = definition.evaluate(changed)
                if !result.isInvalid, result.tier < evaluation.tier {
                    return "\(describe(answers, definition)) with \(item.id) = \(raised) gives \(result.tier.rawValue) "
                        + "instead of \(evaluation.tier.rawValue)"
                }
            }
        }
        return nil
    }

    private static func morePositive(than value: AnswerValue, in set: AnswerSet) -> [AnswerValue] {
        switch (set, value) {
        case (.choice(let options), .code(let code)) where options.first(where: { $0.code == code })?.negative == true:
            return options.filter { !$0.negative }.map { .code($0.code) }
        case (.range(_, let max, _), .integer(let number)) where number < max:
            return [.integer(number + 1)]
        default:
            return []
        }
    }

    /// Item ids and answers (never patient data: these are enumerated values) in declaration order.
    private static func describe(_ answers: Answers, _ definition: ProtocolDefinition) -> String {
        "{" + definition.items.compactMap { item in answers[item.id].map { "\(item.id): \($0)" } }.joined(separator: ", ") + "}"
    }
}

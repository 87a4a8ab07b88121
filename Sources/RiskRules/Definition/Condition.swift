import CrisisCore

/// A condition whose names are resolved against a protocol's items and scores, and type-checked.
package indirect enum Condition: Sendable, Hashable {
    case always
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)
    /// `q1 == yes`, `item9 >= 1`.
    case test(item: String, ItemTest)
    /// `any(q1..q4 == yes)`, `all(q1..q4 == refused)`.
    case quantified(Quantifier, items: [String], ItemTest)
    /// `sum(item1..item9) >= 20`, `count(item1..item8 >= 2) >= 5`, `total >= 10`.
    case compare(NumericTerm, ComparisonOperator, Int)

    /// Three-valued: a test on an unanswered item is unknown, and unknown propagates (Kleene logic).
    package func evaluate(_ answers: Answers) -> Truth {
        switch self {
        case .always:
            return .yes
        case .and(let lhs, let rhs):
            return lhs.evaluate(answers) && rhs.evaluate(answers)
        case .or(let lhs, let rhs):
            return lhs.evaluate(answers) || rhs.evaluate(answers)
        case .not(let inner):
            return !inner.evaluate(answers)
        case .test(let item, let test):
            return test.evaluate(answers[item])
        case .quantified(.any, let items, let test):
            return items.reduce(Truth.no) { $0 || test.evaluate(answers[$1]) }
        case .quantified(.all, let items, let test):
            return items.reduce(Truth.yes) { $0 && test.evaluate(answers[$1]) }
        case .compare(let term, let op, let value):
            guard let number = term.value(answers) else { return .unknown }
            return .from(op.holds(number, value))
        }
    }

    /// Every item the condition reads.
    package var items: Set<String> {
        switch self {
        case .always: []
        case .and(let lhs, let rhs), .or(let lhs, let rhs): lhs.items.union(rhs.items)
        case .not(let inner): inner.items
        case .test(let item, _): [item]
        case .quantified(_, let items, _): Set(items)
        case .compare(let term, _, _): term.items
        }
    }
}

/// A test applied to one item's answer.
package enum ItemTest: Sendable, Hashable {
    /// `== code` (or `!=` when `equal` is false) on a choice item.
    case code(equal: Bool, String)
    /// `<op> number` on an integer item.
    case integer(ComparisonOperator, Int)

    package func evaluate(_ value: AnswerValue?) -> Truth {
        switch (self, value) {
        case (_, nil): .unknown
        case (.code(let equal, let code), .code(let given)?): .from((given == code) == equal)
        case (.integer(let op, let number), .integer(let given)?): .from(op.holds(given, number))
        // A value of the wrong kind never reaches evaluation (answers are read first); treat it as unknown.
        default: .unknown
        }
    }
}

/// A number computed from answers; `nil` when an answer it needs is missing.
package indirect enum NumericTerm: Sendable, Hashable {
    case item(String)
    case sum([String])
    case count([String], ItemTest)
    /// A named score declared by the protocol, e.g. `total`.
    case score(String, NumericTerm)

    package func value(_ answers: Answers) -> Int? {
        switch self {
        case .item(let item):
            guard case .integer(let number)? = answers[item] else { return nil }
            return number
        case .sum(let items):
            var total = 0
            for item in items {
                guard case .integer(let number)? = answers[item] else { return nil }
                total += number
            }
            return total
        case .count(let items, let test):
            var count = 0
            for item in items {
                switch test.evaluate(answers[item]) {
                case .yes: count += 1
                case .no: break
                case .unknown: return nil
                }
            }
            return count
        case .score(_, let term):
            return term.value(answers)
        }
    }

    package var items: Set<String> {
        switch self {
        case .item(let item): [item]
        case .sum(let items), .count(let items, _): Set(items)
        case .score(_, let term): term.items
        }
    }
}

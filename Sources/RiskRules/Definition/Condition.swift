import CrisisCore

/// A condition whose names are resolved against a protocol's items and type-checked.
package indirect enum Condition: Sendable, Hashable {
    case always
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)
    /// `item == code` (or `!=` when `equal` is false) on a choice item.
    case code(item: String, equal: Bool, code: String)
    /// `item <op> number` on an integer item.
    case integer(item: String, ComparisonOperator, Int)

    /// Evaluates over answers already checked against the items; an absent item makes comparisons unknown.
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
        case .code(let item, let equal, let code):
            guard case .code(let given)? = answers[item] else { return .unknown }
            return .from((given == code) == equal)
        case .integer(let item, let op, let value):
            guard case .integer(let given)? = answers[item] else { return .unknown }
            return .from(op.holds(given, value))
        }
    }

    /// Every item the condition reads.
    package var items: Set<String> {
        switch self {
        case .always: []
        case .and(let lhs, let rhs), .or(let lhs, let rhs): lhs.items.union(rhs.items)
        case .not(let inner): inner.items
        case .code(let item, _, _), .integer(let item, _, _): [item]
        }
    }
}

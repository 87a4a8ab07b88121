/// Parsed condition, before names are resolved against a protocol's items.
package indirect enum Expression: Sendable, Hashable {
    case always
    case and(Expression, Expression)
    case or(Expression, Expression)
    case not(Expression)
    case comparison(Term, ComparisonOperator, Term)
    /// `any(q1..q4 == yes)` / `all(q1..q4 == refused)`.
    case quantified(Quantifier, ItemSelection, ComparisonOperator, Operand)
}

/// `any` holds when at least one selected item passes the test, `all` when every one does.
package enum Quantifier: String, Sendable, Hashable {
    case any, all
}

/// One side of a comparison.
package indirect enum Term: Sendable, Hashable {
    case operand(Operand)
    /// `sum(item1..item9)`: the total of integer answers.
    case sum(ItemSelection)
    /// `count(item1..item8 >= 2)`: how many selected items pass the test.
    case count(ItemSelection, ComparisonOperator, Operand)
}

/// Items named in a function: a range `a..b` (declaration order, inclusive) and/or single ids, comma-separated.
package struct ItemSelection: Sendable, Hashable {
    package enum Part: Sendable, Hashable {
        case single(String)
        case range(String, String)
    }

    package var parts: [Part]
    package var offset: Int
}

/// A bare word, number or quoted code, with its character offset for diagnostics.
package struct Operand: Sendable, Hashable {
    package enum Value: Sendable, Hashable {
        /// An item id, a score id or an option code, decided when checked against the protocol.
        case name(String)
        case number(Int)
        /// A quoted option code.
        case text(String)
    }

    package var value: Value
    package var offset: Int
}

/// A syntax error in a condition, at a character offset.
package struct ExpressionSyntaxError: Error, Equatable, Sendable {
    package var offset: Int
    package var message: String
}

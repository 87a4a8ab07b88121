/// Parsed condition, before names are resolved against a protocol's items.
package indirect enum Expression: Sendable, Hashable {
    case always
    case and(Expression, Expression)
    case or(Expression, Expression)
    case not(Expression)
    case comparison(Operand, ComparisonOperator, Operand)
}

/// One side of a comparison, with its character offset for diagnostics.
package struct Operand: Sendable, Hashable {
    package enum Value: Sendable, Hashable {
        /// A bare word: an item id or an option code, decided when checked against the items.
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

/// A lexical token of the condition language, with its offset in the source text (0-based, in characters).
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        case name(String)
        case number(Int)
        case text(String)
        case comparison(ComparisonOperator)
        case and, or, not, always
        case openParen, closeParen
        /// `..` between two item ids: every item from the first to the second, in declaration order.
        case range
        case comma
        case end
    }

    var kind: Kind
    var offset: Int
}

/// Comparison operators of the condition language.
package enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    func holds(_ lhs: Int, _ rhs: Int) -> Bool {
        switch self {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        }
    }
}

/// Splits condition text into tokens; errors carry the character offset.
enum ExpressionLexer {
    static func tokens(_ source: String) -> Result<[ExpressionToken], ExpressionSyntaxError> {
        let characters = Array(source)
        var tokens: [ExpressionToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let start = index
            if character.isWhitespace {
                index += 1
            } else if character.isASCII && (character.isLetter || character == "_") {
                while index < characters.count,
                    characters[index].isASCII && (characters[index].isLetter || characters[index].isNumber || characters[index] == "_")
                {
                    index += 1
                }
                let word = String(characters[start..<index])
                let kind: ExpressionToken.Kind =
                    switch word {
                    case "and": .and
                    case "or": .or
                    case "not": .not
                    case "always": .always
                    default: .name(word)
                    }
                tokens.append(ExpressionToken(kind: kind, offset: start))
            } else if character.isASCII && character.isNumber {
                while index < characters.count, characters[index].isASCII && characters[index].isNumber { index += 1 }
                guard let value = Int(String(characters[start..<index])) else {
                    return .failure(ExpressionSyntaxError(offset: start, message: "number too large"))
                }
                tokens.append(ExpressionToken(kind: .number(value), offset: start))
            } else if character == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"" { index += 1 }
                guard index < characters.count else {
                    return .failure(ExpressionSyntaxError(offset: start, message: "unterminated string"))
                }
                tokens.append(ExpressionToken(kind: .text(String(characters[(start + 1)..<index])), offset: start))
                index += 1
            } else if character == "." {
                guard index + 1 < characters.count, characters[index + 1] == "." else {
                    return .failure(ExpressionSyntaxError(offset: start, message: "unexpected '.' (item ranges are written a..b)"))
                }
                tokens.append(ExpressionToken(kind: .range, offset: start))
                index += 2
            } else if character == "," {
                tokens.append(ExpressionToken(kind: .comma, offset: start))
                index += 1
            } else if character == "(" || character == ")" {
                tokens.append(ExpressionToken(kind: character == "(" ? .openParen : .closeParen, offset: start))
                index += 1
            } else if "=!<>".contains(character) {
                let twoCharacters = index + 1 < characters.count ? String(characters[index...(index + 1)]) : ""
                if let op = ComparisonOperator(rawValue: twoCharacters) {
                    tokens.append(ExpressionToken(kind: .comparison(op), offset: start))
                    index += 2
                } else if let op = ComparisonOperator(rawValue: String(character)) {
                    tokens.append(ExpressionToken(kind: .comparison(op), offset: start))
                    index += 1
                } else {
                    return .failure(
                        ExpressionSyntaxError(offset: start, message: "unknown operator '\(character)' (use == or !=)"))
                }
            } else {
                return .failure(ExpressionSyntaxError(offset: start, message: "unexpected character '\(character)'"))
            }
        }
        tokens.append(ExpressionToken(kind: .end, offset: characters.count))
        return .success(tokens)
    }
}

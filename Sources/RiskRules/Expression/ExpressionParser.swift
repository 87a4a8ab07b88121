/// Recursive-descent parser of the condition language (grammar in `Protocols/README.md`):
///
///     condition  := or
///     or         := and ("or" and)*
///     and        := unary ("and" unary)*
///     unary      := "not" unary | primary
///     primary    := "always" | "(" condition ")" | quantified | term comparator term
///     quantified := ("any" | "all") "(" selection comparator operand ")"
///     term       := "sum" "(" selection ")" | "count" "(" selection comparator operand ")" | operand
///     selection  := part ("," part)*          part := name | name ".." name
///     operand    := name | number | "quoted text"
package struct ExpressionParser {
    private let tokens: [ExpressionToken]
    private var position = 0
    /// Bounds nesting so hostile input cannot exhaust the stack.
    private var depth = 0
    private static let maximumDepth = 64

    private init(tokens: [ExpressionToken]) { self.tokens = tokens }

    /// Parses a whole condition; trailing tokens are an error.
    package static func parse(_ source: String) -> Result<Expression, ExpressionSyntaxError> {
        run(source, trailing: "unexpected text after the condition") { try $0.parseOr() }
    }

    /// Parses a numeric term such as `sum(item1..item9)` (a score's definition); trailing tokens are an error.
    package static func parseTerm(_ source: String) -> Result<Term, ExpressionSyntaxError> {
        run(source, trailing: "unexpected text after the score") { try $0.parseTerm() }
    }

    /// Lexes `source`, applies `parse`, and requires the whole input to be consumed.
    private static func run<Parsed>(
        _ source: String, trailing: String, _ parse: (inout ExpressionParser) throws -> Parsed
    ) -> Result<Parsed, ExpressionSyntaxError> {
        switch ExpressionLexer.tokens(source) {
        case .failure(let error):
            return .failure(error)
        case .success(let tokens):
            var parser = ExpressionParser(tokens: tokens)
            do {
                let parsed = try parse(&parser)
                guard parser.current.kind == .end else {
                    throw ExpressionSyntaxError(offset: parser.current.offset, message: trailing)
                }
                return .success(parsed)
            } catch let error as ExpressionSyntaxError {
                return .failure(error)
            } catch {
                return .failure(ExpressionSyntaxError(offset: 0, message: "cannot parse"))
            }
        }
    }

    private var current: ExpressionToken { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() { position += 1 }

    private mutating func parseOr() throws -> Expression {
        var expression = try parseAnd()
        while current.kind == .or {
            advance()
            expression = .or(expression, try parseAnd())
        }
        return expression
    }

    private mutating func parseAnd() throws -> Expression {
        var expression = try parseUnary()
        while current.kind == .and {
            advance()
            expression = .and(expression, try parseUnary())
        }
        return expression
    }

    private mutating func parseUnary() throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ExpressionSyntaxError(offset: current.offset, message: "condition nested too deeply")
        }
        if current.kind == .not {
            advance()
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> Expression {
        switch current.kind {
        case .always:
            advance()
            return .always
        case .openParen:
            advance()
            let inner = try parseOr()
            guard current.kind == .closeParen else {
                throw ExpressionSyntaxError(offset: current.offset, message: "expected ')'")
            }
            advance()
            return inner
        case .name(let word) where (word == "any" || word == "all") && next.kind == .openParen:
            let quantifier: Quantifier = word == "any" ? .any : .all
            advance()
            let (selection, op, operand) = try parseSelectionTest()
            return .quantified(quantifier, selection, op, operand)
        default:
            let lhs = try parseTerm()
            guard case .comparison(let op) = current.kind else {
                throw ExpressionSyntaxError(
                    offset: current.offset, message: "expected a comparison such as '== yes' after '\(describe(lhs))'")
            }
            advance()
            let rhs = try parseTerm()
            return .comparison(lhs, op, rhs)
        }
    }

    private var next: ExpressionToken { tokens[min(position + 1, tokens.count - 1)] }

    private mutating func parseTerm() throws -> Term {
        if case .name(let word) = current.kind, next.kind == .openParen {
            switch word {
            case "sum":
                advance()
                try expect(.openParen, "expected '('")
                let selection = try parseSelection()
                try expect(.closeParen, "expected ')' after the items of sum")
                return .sum(selection)
            case "count":
                advance()
                let (selection, op, operand) = try parseSelectionTest()
                return .count(selection, op, operand)
            default:
                throw ExpressionSyntaxError(
                    offset: current.offset, message: "unknown function '\(word)' (use sum, count, any or all)")
            }
        }
        return .operand(try parseOperand())
    }

    /// `( selection comparator operand )`, the argument of any, all and count.
    private mutating func parseSelectionTest() throws -> (ItemSelection, ComparisonOperator, Operand) {
        try expect(.openParen, "expected '('")
        let selection = try parseSelection()
        guard case .comparison(let op) = current.kind else {
            throw ExpressionSyntaxError(offset: current.offset, message: "expected a test such as '== yes' for each item")
        }
        advance()
        let operand = try parseOperand()
        try expect(.closeParen, "expected ')'")
        return (selection, op, operand)
    }

    private mutating func parseSelection() throws -> ItemSelection {
        let offset = current.offset
        var parts: [ItemSelection.Part] = []
        repeat {
            if !parts.isEmpty { advance() }
            guard case .name(let first) = current.kind else {
                throw ExpressionSyntaxError(offset: current.offset, message: "expected an item id")
            }
            advance()
            if current.kind == .range {
                advance()
                guard case .name(let last) = current.kind else {
                    throw ExpressionSyntaxError(offset: current.offset, message: "expected an item id after '..'")
                }
                advance()
                parts.append(.range(first, last))
            } else {
                parts.append(.single(first))
            }
        } while current.kind == .comma
        return ItemSelection(parts: parts, offset: offset)
    }

    private mutating func expect(_ kind: ExpressionToken.Kind, _ message: String) throws {
        guard current.kind == kind else { throw ExpressionSyntaxError(offset: current.offset, message: message) }
        advance()
    }

    private mutating func parseOperand() throws -> Operand {
        let token = current
        let value: Operand.Value
        switch token.kind {
        case .name(let name): value = .name(name)
        case .number(let number): value = .number(number)
        case .text(let text): value = .text(text)
        case .end: throw ExpressionSyntaxError(offset: token.offset, message: "condition ends too early")
        default: throw ExpressionSyntaxError(offset: token.offset, message: "expected an item id or a value")
        }
        advance()
        return Operand(value: value, offset: token.offset)
    }

    private func describe(_ term: Term) -> String {
        switch term {
        case .operand(let operand):
            switch operand.value {
            case .name(let name): name
            case .number(let number): String(number)
            case .text(let text): "\"\(text)\""
            }
        case .sum: "sum(…)"
        case .count: "count(…)"
        }
    }
}

/// Recursive-descent parser of the condition language (grammar in `Protocols/README.md`):
///
///     condition  := or
///     or         := and ("or" and)*
///     and        := unary ("and" unary)*
///     unary      := "not" unary | primary
///     primary    := "always" | "(" condition ")" | operand comparator operand
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
        switch ExpressionLexer.tokens(source) {
        case .failure(let error):
            return .failure(error)
        case .success(let tokens):
            var parser = ExpressionParser(tokens: tokens)
            do {
                let expression = try parser.parseOr()
                guard parser.current.kind == .end else {
                    throw ExpressionSyntaxError(offset: parser.current.offset, message: "unexpected text after the condition")
                }
                return .success(expression)
            } catch let error as ExpressionSyntaxError {
                return .failure(error)
            } catch {
                return .failure(ExpressionSyntaxError(offset: 0, message: "cannot parse condition"))
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
        default:
            let lhs = try parseOperand()
            guard case .comparison(let op) = current.kind else {
                throw ExpressionSyntaxError(
                    offset: current.offset, message: "expected a comparison such as '== yes' after '\(describe(lhs))'")
            }
            advance()
            let rhs = try parseOperand()
            return .comparison(lhs, op, rhs)
        }
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

    private func describe(_ operand: Operand) -> String {
        switch operand.value {
        case .name(let name): name
        case .number(let number): String(number)
        case .text(let text): "\"\(text)\""
        }
    }
}

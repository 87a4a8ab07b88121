import CrisisCore
import DefinitionFiles
import Yams

/// Resolves names in a parsed condition against items and scores, and checks each test against the item's type.
struct ConditionChecker {
    /// Items the condition may read (for `asked_if`, only those declared before it).
    let items: [ProtocolItem]
    /// Scores the condition may read, by id.
    let scores: [String: NumericTerm]
    let node: Node
    let path: String
    let reader: DocumentReader
    let columnBase: Int

    func resolve(_ expression: Expression) -> Condition? {
        switch expression {
        case .always:
            return .always
        case .and(let lhs, let rhs):
            let (left, right) = (resolve(lhs), resolve(rhs))
            guard let left, let right else { return nil }
            return .and(left, right)
        case .or(let lhs, let rhs):
            let (left, right) = (resolve(lhs), resolve(rhs))
            guard let left, let right else { return nil }
            return .or(left, right)
        case .not(let inner):
            return resolve(inner).map { .not($0) }
        case .quantified(let quantifier, let selection, let op, let operand):
            guard let selected = self.items(in: selection), let test = test(for: selected, op, operand) else { return nil }
            return .quantified(quantifier, items: selected.map(\.id), test)
        case .comparison(let lhs, let op, let rhs):
            return comparison(lhs, op, rhs)
        }
    }

    private func item(named operand: Operand) -> ProtocolItem? {
        guard case .name(let name) = operand.value else { return nil }
        return items.first { $0.id == name }
    }

    /// Whether a term is a subject (something computed from answers) rather than a literal.
    private func isSubject(_ term: Term) -> Bool {
        switch term {
        case .sum, .count: return true
        case .operand(let operand):
            guard case .name(let name) = operand.value else { return false }
            return scores[name] != nil || items.contains { $0.id == name }
        }
    }

    private func comparison(_ lhs: Term, _ op: ComparisonOperator, _ rhs: Term) -> Condition? {
        let (subject, literal, oriented): (Term, Term, ComparisonOperator)
        switch (isSubject(lhs), isSubject(rhs)) {
        case (true, false): (subject, literal, oriented) = (lhs, rhs, op)
        case (false, true): (subject, literal, oriented) = (rhs, lhs, op.flipped)
        case (true, true):
            report(offset(of: lhs), "compare an item or score with a value, not with another item or score")
            return nil
        case (false, false):
            if case .operand(let operand) = lhs, case .name(let name) = operand.value {
                report(operand.offset, "'\(name)' is not an item declared before this point")
            } else {
                report(offset(of: lhs), "a comparison needs an item or score on one side")
            }
            return nil
        }
        guard case .operand(let value) = literal else {
            report(offset(of: literal), "compare with a value")
            return nil
        }
        switch subject {
        case .operand(let operand):
            if let item = item(named: operand) {
                return test(for: [item], oriented, value).map { .test(item: item.id, $0) }
            }
            guard case .name(let name) = operand.value, let score = scores[name], let number = integer(value, for: name) else {
                return nil
            }
            return .compare(.score(name, score), oriented, number)
        case .sum(let selection):
            guard let selected = items(in: selection) else { return nil }
            if let choice = selected.first(where: { $0.answers.expectsCode }) {
                report(selection.offset, "sum needs integer items; '\(choice.id)' takes option codes")
                return nil
            }
            guard let number = integer(value, for: "sum") else { return nil }
            return .compare(.sum(selected.map(\.id)), oriented, number)
        case .count(let selection, let testOp, let testOperand):
            guard let selected = items(in: selection), let test = test(for: selected, testOp, testOperand),
                let number = integer(value, for: "count")
            else { return nil }
            return .compare(.count(selected.map(\.id), test), oriented, number)
        }
    }

    /// The test `<op> operand` checked against every selected item's answer type.
    private func test(for selected: [ProtocolItem], _ op: ComparisonOperator, _ operand: Operand) -> ItemTest? {
        var result: ItemTest?
        for item in selected {
            let test: ItemTest
            switch item.answers {
            case .choice(let options):
                guard op == .equal || op == .notEqual else {
                    report(operand.offset, "'\(item.id)' is a choice; compare it with == or !=")
                    return nil
                }
                let code: String
                switch operand.value {
                case .name(let name), .text(let name): code = name
                case .number:
                    report(operand.offset, "'\(item.id)' takes option codes, not numbers")
                    return nil
                }
                guard options.contains(where: { $0.code == code }) else {
                    let allowed = options.map(\.code).joined(separator: ", ")
                    report(operand.offset, "'\(code)' is not an option of '\(item.id)' (options: \(allowed))")
                    return nil
                }
                test = .code(equal: op == .equal, code)
            case .range(let min, let max, _):
                guard case .number(let number) = operand.value else {
                    report(operand.offset, "'\(item.id)' takes integers \(min)–\(max)")
                    return nil
                }
                if !(min...max).contains(number) {
                    reader.warning("value-out-of-range", at: node, path: path, "\(number) is outside the range \(min)–\(max) of '\(item.id)'")
                }
                test = .integer(op, number)
            case .text:
                report(operand.offset, "'\(item.id)' is free text; conditions cannot read it")
                return nil
            }
            if let result, result != test {
                report(operand.offset, "the selected items take different kinds of answer")
                return nil
            }
            result = test
        }
        return result
    }

    /// The items a selection names, in declaration order for ranges.
    private func items(in selection: ItemSelection) -> [ProtocolItem]? {
        var selected: [ProtocolItem] = []
        for part in selection.parts {
            switch part {
            case .single(let id):
                guard let item = items.first(where: { $0.id == id }) else {
                    report(selection.offset, "'\(id)' is not an item declared before this point")
                    return nil
                }
                selected.append(item)
            case .range(let first, let last):
                guard let start = items.firstIndex(where: { $0.id == first }), let end = items.firstIndex(where: { $0.id == last })
                else {
                    report(selection.offset, "'\(first)..\(last)' names an item that is not declared before this point")
                    return nil
                }
                guard start <= end else {
                    report(selection.offset, "'\(first)..\(last)' runs backwards; items are taken in declaration order")
                    return nil
                }
                selected += items[start...end]
            }
        }
        return selected
    }

    private func integer(_ operand: Operand, for subject: String) -> Int? {
        guard case .number(let number) = operand.value else {
            report(operand.offset, "'\(subject)' is a number; compare it with a number")
            return nil
        }
        return number
    }

    private func offset(of term: Term) -> Int {
        switch term {
        case .operand(let operand): operand.offset
        case .sum(let selection), .count(let selection, _, _): selection.offset
        }
    }

    private func report(_ offset: Int, _ message: String) {
        reader.error("condition-type", at: node, path: path, message, columnOffset: columnBase + offset)
    }
}

extension ComparisonOperator {
    /// The operator that reads the same with its sides swapped (`3 <= x` is `x >= 3`).
    var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }
}

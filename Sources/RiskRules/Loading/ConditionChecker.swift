import CrisisCore
import DefinitionFiles
import Yams

/// Resolves names in a parsed condition against items and checks each comparison against the item's type.
struct ConditionChecker {
    let items: [ProtocolItem]
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
        case .comparison(let lhs, let op, let rhs):
            return comparison(lhs, op, rhs)
        }
    }

    private func item(named operand: Operand) -> ProtocolItem? {
        guard case .name(let name) = operand.value else { return nil }
        return items.first { $0.id == name }
    }

    private func comparison(_ lhs: Operand, _ op: ComparisonOperator, _ rhs: Operand) -> Condition? {
        let (itemOperand, valueOperand): (Operand, Operand)
        switch (item(named: lhs), item(named: rhs)) {
        case (_?, nil): (itemOperand, valueOperand) = (lhs, rhs)
        case (nil, _?): (itemOperand, valueOperand) = (rhs, lhs)
        case (_?, _?):
            report(lhs, "compare an item with a value, not with another item")
            return nil
        case (nil, nil):
            if case .name(let name) = lhs.value {
                report(lhs, "'\(name)' is not an item declared before this point")
            } else {
                report(lhs, "a comparison needs an item on one side")
            }
            return nil
        }
        guard let item = item(named: itemOperand) else { return nil }
        switch item.answers {
        case .choice(let options):
            guard op == .equal || op == .notEqual else {
                report(itemOperand, "'\(item.id)' is a choice; compare it with == or !=")
                return nil
            }
            let code: String
            switch valueOperand.value {
            case .name(let name), .text(let name): code = name
            case .number:
                report(valueOperand, "'\(item.id)' takes option codes, not numbers")
                return nil
            }
            guard options.contains(where: { $0.code == code }) else {
                let allowed = options.map(\.code).joined(separator: ", ")
                report(valueOperand, "'\(code)' is not an option of '\(item.id)' (options: \(allowed))")
                return nil
            }
            return .code(item: item.id, equal: op == .equal, code: code)
        case .range(let min, let max):
            guard case .number(let number) = valueOperand.value else {
                report(valueOperand, "'\(item.id)' takes integers \(min)–\(max)")
                return nil
            }
            if !(min...max).contains(number) {
                reader.warning("value-out-of-range", at: node, path: path,
                               "\(number) is outside the range \(min)–\(max) of '\(item.id)'")
            }
            // Keep the item on the left so the operator reads the same way.
            let oriented = itemOperand == lhs ? op : flipped(op)
            return .integer(item: item.id, oriented, number)
        }
    }

    private func flipped(_ op: ComparisonOperator) -> ComparisonOperator {
        switch op {
        case .equal, .notEqual: op
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }

    private func report(_ operand: Operand, _ message: String) {
        reader.error("condition-type", at: node, path: path, message, columnOffset: columnBase + operand.offset)
    }
}

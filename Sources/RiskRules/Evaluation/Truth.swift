/// Kleene three-valued truth: a condition over an unanswered item is `unknown`, never silently false.
package enum Truth: Sendable, Hashable {
    case yes, no, unknown

    static func from(_ value: Bool) -> Truth { value ? .yes : .no }

    static func && (lhs: Truth, rhs: Truth) -> Truth {
        if lhs == .no || rhs == .no { return .no }
        if lhs == .unknown || rhs == .unknown { return .unknown }
        return .yes
    }

    static func || (lhs: Truth, rhs: Truth) -> Truth {
        if lhs == .yes || rhs == .yes { return .yes }
        if lhs == .unknown || rhs == .unknown { return .unknown }
        return .no
    }

    static prefix func ! (value: Truth) -> Truth {
        switch value {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }
}

/// One answer as received: an option code (`"yes"`) or an integer (`2`).
public enum AnswerValue: Sendable, Hashable, CustomStringConvertible {
    case code(String)
    case integer(Int)

    public var description: String {
        switch self {
        case .code(let code): code
        case .integer(let value): String(value)
        }
    }
}

/// Answers keyed by item id; an absent key means the item was not asked.
public typealias Answers = [String: AnswerValue]

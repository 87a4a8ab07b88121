import CrisisCore

/// An answer as it arrived on the wire, before it is checked against the protocol.
public enum RawAnswer: Sendable, Hashable {
    case text(String)
    case integer(Int)
    /// Any other JSON shape (boolean, fraction, null, list, object), by its type name.
    case other(String)
}

/// Why a set of raw answers cannot even be read: such a request is rejected, and nothing is stored.
public struct AnswerRejection: Sendable, Hashable, Error {
    public enum Kind: String, Sendable, Hashable {
        case unknownItem = "unknown_item"
        case wrongType = "wrong_type"
    }

    public var item: String
    public var kind: Kind
    /// Safe message naming the item and the expected type, never the value sent.
    public var message: String
}

/// Every reason a set of raw answers cannot be read, in item order.
public struct AnswerRejections: Error, Sendable, Hashable {
    public var all: [AnswerRejection]
}

extension ProtocolDefinition {
    /// Checks item ids and JSON types; values outside the options are kept (they make the screen `invalid`, not rejected).
    public func read(_ raw: [String: RawAnswer]) -> Result<Answers, AnswerRejections> {
        var answers: Answers = [:]
        var rejections: [AnswerRejection] = []
        for (itemID, value) in raw.sorted(by: { $0.key < $1.key }) {
            guard let item = item(itemID) else {
                rejections.append(
                    AnswerRejection(item: itemID, kind: .unknownItem,
                                    message: "'\(itemID)' is not an item of \(id) \(version)"))
                continue
            }
            switch (item.answers.expectsCode, value) {
            case (true, .text(let code)):
                answers[itemID] = .code(code)
            case (false, .integer(let number)):
                answers[itemID] = .integer(number)
            default:
                let expected = item.answers.expectsCode ? "a string option code" : "an integer"
                rejections.append(
                    AnswerRejection(item: itemID, kind: .wrongType, message: "'\(itemID)' takes \(expected)"))
            }
        }
        return rejections.isEmpty ? .success(answers) : .failure(AnswerRejections(all: rejections))
    }
}

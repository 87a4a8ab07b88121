import CrisisCore

/// One question of an instrument, with its published wording and the condition under which it is asked.
package struct ProtocolItem: Sendable, Hashable {
    package var id: String
    /// Published wording, verbatim from the instrument.
    package var text: String
    package var loinc: String?
    package var answers: AnswerSet
    package var required: Bool
    /// Skip logic: the item is asked only when this holds.
    package var askedIf: Condition
}

/// The values an item can take.
package enum AnswerSet: Sendable, Hashable {
    case choice([AnswerOption])
    case range(min: Int, max: Int)

    /// Whether the value is one of the allowed ones.
    package func allows(_ value: AnswerValue) -> Bool {
        switch (self, value) {
        case (.choice(let options), .code(let code)): options.contains { $0.code == code }
        case (.range(let min, let max), .integer(let number)): (min...max).contains(number)
        default: false
        }
    }

    /// Whether the value denies (a "no" or the bottom of a range): such an answer to an unasked item is harmless.
    package func isNegative(_ value: AnswerValue) -> Bool {
        switch (self, value) {
        case (.choice(let options), .code(let code)): options.first { $0.code == code }?.negative ?? false
        case (.range(let min, _), .integer(let number)): number == min
        default: false
        }
    }

    /// Every allowed value, for exhaustive reasoning over small answer spaces.
    package var allValues: [AnswerValue] {
        switch self {
        case .choice(let options): options.map { .code($0.code) }
        case .range(let min, let max): (min...max).map { .integer($0) }
        }
    }

    /// Whether a JSON value of this shape could ever be an answer (a string for choices, an integer for ranges).
    package var expectsCode: Bool {
        if case .choice = self { return true }
        return false
    }
}

/// One option of a choice item.
package struct AnswerOption: Sendable, Hashable {
    package var code: String
    package var label: String
    package var loinc: String?
    /// Marks a denial ("no"), which may be recorded for an item that was not asked.
    package var negative: Bool
}

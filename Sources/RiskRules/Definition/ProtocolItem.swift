import CrisisCore
import Foundation

/// One question of an instrument, with its published wording and the condition under which it is asked.
package struct ProtocolItem: Sendable, Hashable {
    package var id: String
    /// Published wording, verbatim from the instrument.
    package var text: String
    package var loinc: String?
    package var answers: AnswerSet
    /// When an asked item must be answered (`always` for most items); `nil` for an optional item.
    package var requiredIf: Condition?
    /// Skip logic: the item is asked only when this holds.
    package var askedIf: Condition
    /// The skip and required conditions as written in the file, for reviewers.
    package var askedIfSource: String?
    package var requiredIfSource: String?
    /// Guidance shown with the item (definitions, examples).
    package var examplesText: String?
    /// The period the question asks about, as printed in the form's column ("past month", "lifetime").
    package var timeframe: String?
}

/// The values an item can take.
package enum AnswerSet: Sendable, Hashable {
    case choice([AnswerOption])
    /// Integers from `min` to `max`; `labels` give each value its published wording (and LOINC answer code).
    case range(min: Int, max: Int, labels: [AnswerOption])
    /// Free text (a clinician's rationale): stored, never logged or paged, never read by conditions.
    case text(maxLength: Int)

    /// Whether the value is one of the allowed ones.
    package func allows(_ value: AnswerValue) -> Bool {
        switch (self, value) {
        case (.choice(let options), .code(let code)): options.contains { $0.code == code }
        case (.range(let min, let max, _), .integer(let number)): (min...max).contains(number)
        case (.text(let maxLength), .code(let text)):
            !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && text.count <= maxLength
        default: false
        }
    }

    /// Whether the value denies (a "no" or the bottom of a range): such an answer to an unasked item is harmless.
    package func isNegative(_ value: AnswerValue) -> Bool {
        switch (self, value) {
        case (.choice(let options), .code(let code)): options.first { $0.code == code }?.negative ?? false
        case (.range(let min, _, _), .integer(let number)): number == min
        default: false
        }
    }

    /// Every allowed value, for exhaustive reasoning over small answer spaces.
    package var allValues: [AnswerValue] {
        switch self {
        case .choice(let options): options.map { .code($0.code) }
        case .range(let min, let max, _): (min...max).map { .integer($0) }
        // Text never changes an outcome: one stand-in value is enough when reasoning over answers.
        case .text: [.code("text")]
        }
    }

    /// Whether a JSON value of this shape could ever be an answer (a string for choices, an integer for ranges).
    package var expectsCode: Bool {
        switch self {
        case .choice, .text: true
        case .range: false
        }
    }
}

/// One option of a choice item (`code` is the answer sent), or the label of one value of a range (`code` is the number).
package struct AnswerOption: Sendable, Hashable {
    package var code: String
    package var label: String
    package var loinc: String?
    /// Marks a denial ("no"), which may be recorded for an item that was not asked.
    package var negative: Bool
}

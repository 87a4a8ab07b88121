import CrisisCore
import Foundation
import RiskRules

/// "Start a screen" and "Answer it": the questions that apply given the answers so far (skip logic on the
/// server), each a fieldset with its published wording as the legend.
struct ScreenPageViewModel {
    struct ProtocolOption {
        var id: String
        var title: String
        var selected: Bool
    }

    struct Question {
        var id: String
        var number: Int
        var text: String
        var examples: String?
        var required: Bool
        /// Radio choices (choice and scaled items).
        var options: [Option]
        var isText: Bool
        var textValue: String
        var maxLength: Int
    }

    struct Option {
        var value: String
        var label: String
        var checked: Bool
        var inputID: String
    }

    var user: String
    var csrf: String
    var protocols: [ProtocolOption]
    var protocolID: String
    var protocolTitle: String
    var attribution: String
    var subjectSystem: String
    var subjectValue: String
    var site: String
    var questions: [Question]
    var errors: [String]
    var hasErrors: Bool
    var complete: Bool
    /// One per screen being entered: a resubmitted form is the same screen (idempotency key).
    var formID: String

    /// The questions asked given `answers`: an item is shown once its skip condition is known to hold.
    static func questions(_ definition: ProtocolDefinition, answers: [String: String]) -> (questions: [Question], typed: Answers, missing: [String]) {
        let typed = Self.typed(definition, answers: answers)
        var questions: [Question] = []
        var missing: [String] = []
        for (index, item) in definition.items.enumerated() where item.askedIf.evaluate(typed) == .yes {
            let current = answers[item.id] ?? ""
            let required = item.requiredIf?.evaluate(typed) == .yes
            if required && current.isEmpty { missing.append(item.id) }
            var options: [Option] = []
            var isText = false
            var maxLength = 0
            switch item.answers {
            case .choice(let choices):
                options = choices.map { Option(value: $0.code, label: $0.label, checked: $0.code == current, inputID: "\(item.id)-\($0.code)") }
            case .range(let min, let max, let labels):
                options = (min...max).map { value in
                    let label = labels.first { $0.code == String(value) }?.label
                    return Option(value: String(value), label: label.map { "\(value) — \($0)" } ?? String(value), checked: String(value) == current, inputID: "\(item.id)-\(value)")
                }
            case .text(let length):
                isText = true
                maxLength = length
            }
            questions.append(
                Question(
                    id: item.id, number: index + 1, text: item.text, examples: item.examplesText, required: required, options: options, isText: isText,
                    textValue: isText ? current : "", maxLength: maxLength))
        }
        return (questions, typed, missing)
    }

    /// Form values typed by the item's answer set; values an item cannot take are dropped.
    static func typed(_ definition: ProtocolDefinition, answers: [String: String]) -> Answers {
        var typed: Answers = [:]
        for item in definition.items {
            guard let raw = answers[item.id], !raw.isEmpty else { continue }
            switch item.answers {
            case .choice(let choices): if choices.contains(where: { $0.code == raw }) { typed[item.id] = .code(raw) }
            case .range(let min, let max, _): if let value = Int(raw), (min...max).contains(value) { typed[item.id] = .integer(value) }
            case .text: typed[item.id] = .code(raw)
            }
        }
        return typed
    }
}

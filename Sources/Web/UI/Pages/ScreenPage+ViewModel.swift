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
        /// "past month", "lifetime": the period the question asks about, read with it.
        var timeframe: String?
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

    /// An answer given on an earlier page, carried in a hidden field.
    struct Carried {
        var name: String
        var value: String
    }

    /// How the questions are laid out: every question that applies on one page, or one at a time.
    enum Layout: String {
        case all
        case one
    }

    /// What one page of the answer form shows.
    struct Page {
        var visible: [Question]
        var carried: [Carried]
        /// Items already put in front of the clinician (one at a time), so an optional question is not asked twice.
        var shown: [String]
        /// One at a time: every question that applies has been shown; all are on the page to check, then save.
        var reviewing: Bool
        /// One at a time: the question shown is a required one the clinician went past without answering.
        var unansweredAgain: Bool
    }

    var user: String
    var csrf: String
    var protocols: [ProtocolOption]
    var protocolID: String
    var protocolTitle: String
    var attribution: String
    /// The form's instructions, verbatim.
    var instructions: [String]
    var hasInstructions: Bool
    var subjectSystem: String
    var subjectValue: String
    var site: String
    var questions: [Question]
    var errors: [String]
    var hasErrors: Bool
    var complete: Bool
    var layout: String
    var oneAtATime: Bool
    var reviewing: Bool
    var carried: [Carried]
    var shown: [String]
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
                    id: item.id, number: index + 1, text: item.text, examples: item.examplesText, timeframe: item.timeframe, required: required, options: options, isText: isText,
                    textValue: isText ? current : "", maxLength: maxLength))
        }
        return (questions, typed, missing)
    }

    /// One at a time: the first question that applies and has not been shown yet (or is required and still
    /// unanswered); earlier answers ride along hidden. When every question that applies has been shown, all of them are on the page for review.
    /// All at once: every question that applies. Answers to questions that no longer apply are not carried.
    static func page(_ questions: [Question], answers: [String: String], layout: Layout, shown: Set<String>) -> Page {
        let unanswered = { (question: Question) in question.required && (answers[question.id] ?? "").isEmpty }
        guard layout == .one, let next = questions.first(where: { !shown.contains($0.id) || unanswered($0) }) else {
            return Page(visible: questions, carried: [], shown: questions.map(\.id), reviewing: layout == .one, unansweredAgain: false)
        }
        let carried = questions.filter { $0.id != next.id }.compactMap { question in
            answers[question.id].flatMap { $0.isEmpty ? nil : Carried(name: "answer.\(question.id)", value: $0) }
        }
        let earlier = questions.map(\.id).filter { shown.contains($0) }
        return Page(
            visible: [next], carried: carried, shown: earlier.contains(next.id) ? earlier : earlier + [next.id], reviewing: false,
            unansweredAgain: shown.contains(next.id))
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

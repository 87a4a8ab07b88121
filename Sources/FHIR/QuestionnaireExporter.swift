import CrisisCore
import Foundation
import RiskRules

/// Builds the FHIR Questionnaire of a protocol, so EHRs and form renderers show the same form crisisd judges.
///
/// linkIds are crisisd's item ids; LOINC codes ride on `code` where the protocol has them. Skip logic becomes
/// `enableWhen`; a condition `enableWhen` cannot express is an error, never dropped (that would show the item
/// to everyone).
public enum QuestionnaireExporter {
    /// Why a protocol cannot be exported.
    public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
        public var item: String
        public var reason: String
        public var description: String { "item '\(item)': \(reason)" }
    }

    /// FHIR ids use `-` where protocol ids use `_` (design notes §9).
    public static func fhirID(_ protocolID: ProtocolID) -> String {
        protocolID.rawValue.replacingOccurrences(of: "_", with: "-")
    }

    /// The protocol id a FHIR id (or a protocol id) names.
    public static func protocolID(fromFHIRID id: String) -> ProtocolID {
        ProtocolID(id.replacingOccurrences(of: "-", with: "_"))
    }

    /// The canonical URL of a protocol's Questionnaire under `publicURL`.
    public static func canonical(_ protocolID: ProtocolID, publicURL: String) -> String {
        "\(publicURL)/fhir/Questionnaire/\(fhirID(protocolID))"
    }

    public static func questionnaire(
        for definition: ProtocolDefinition, publicURL: String
    ) -> Result<Questionnaire, ExportError> {
        let fhirID = fhirID(definition.id)
        let answerSystem = "\(publicURL)/fhir/CodeSystem/\(fhirID)-answers"
        var items: [QuestionnaireItem] = []
        for item in definition.items {
            var questionnaireItem = QuestionnaireItem(
                linkId: item.id, code: item.loinc.map { [Coding(system: Coding.loincSystem, code: $0, display: nil)] },
                prefix: nil, text: item.text, type: "text",
                required: item.requiredIf == .always ? true : nil)
            switch item.answers {
            case .choice(let options):
                questionnaireItem.type = "choice"
                questionnaireItem.answerOption = options.map {
                    AnswerOption(valueCoding: coding(for: $0, system: answerSystem), extension: nil)
                }
            case .range(_, _, let labels) where !labels.isEmpty:
                questionnaireItem.type = "choice"
                questionnaireItem.answerOption = labels.map {
                    AnswerOption(valueCoding: coding(for: $0, system: answerSystem), extension: [.ordinalValue(Int($0.code) ?? 0)])
                }
            case .range:
                questionnaireItem.type = "integer"
            case .text(let maxLength):
                questionnaireItem.type = "text"
                questionnaireItem.maxLength = maxLength
            }
            switch enableWhen(item.askedIf, definition: definition, system: answerSystem) {
            case .success(let conditions):
                if let (entries, behavior) = conditions {
                    questionnaireItem.enableWhen = entries
                    questionnaireItem.enableBehavior = entries.count > 1 ? behavior : nil
                }
            case .failure(let reason):
                return .failure(ExportError(item: item.id, reason: reason.reason))
            }
            items.append(questionnaireItem)
        }
        for score in definition.scores {
            items.append(
                QuestionnaireItem(
                    linkId: score.id, code: score.loinc.map { [Coding(system: Coding.loincSystem, code: $0, display: nil)] },
                    prefix: nil, text: score.label, type: "integer", required: nil, readOnly: true))
        }
        return .success(
            Questionnaire(
                id: fhirID, url: canonical(definition.id, publicURL: publicURL), version: definition.version,
                name: definition.id.rawValue, title: definition.title, status: "active", subjectType: ["Patient"],
                publisher: "crisisd", copyright: "\(definition.attribution) \(definition.licence)",
                code: definition.loinc.map { [Coding(system: Coding.loincSystem, code: $0, display: definition.title)] },
                item: items))
    }

    /// LOINC answer codes where the protocol has them, else crisisd's own code in the protocol's answer system.
    private static func coding(for option: RiskRules.AnswerOption, system: String) -> Coding {
        if let loinc = option.loinc { return Coding(system: Coding.loincSystem, code: loinc, display: option.label) }
        return Coding(system: system, code: option.code, display: option.label)
    }

    private struct Unrepresentable: Error {
        var reason: String
    }

    /// `enableWhen` entries and behaviour for a skip condition; `nil` when the item is always asked.
    private static func enableWhen(
        _ condition: Condition, definition: ProtocolDefinition, system: String
    ) -> Result<([EnableWhen], String)?, Unrepresentable> {
        func entry(_ item: String, _ test: ItemTest) throws(Unrepresentable) -> EnableWhen {
            guard case .code(let equal, let code) = test,
                case .choice(let options)? = definition.item(item)?.answers,
                let option = options.first(where: { $0.code == code })
            else { throw Unrepresentable(reason: "enableWhen can only test coded answers with = or !=") }
            return EnableWhen(question: item, operator: equal ? "=" : "!=", answerCoding: coding(for: option, system: system))
        }
        func flatten(_ condition: Condition, behavior: String) throws(Unrepresentable) -> [EnableWhen] {
            switch condition {
            case .test(let item, let test):
                return [try entry(item, test)]
            case .quantified(let quantifier, let items, let test) where (quantifier == .any) == (behavior == "any"):
                return try items.map { item throws(Unrepresentable) in try entry(item, test) }
            case .or(let lhs, let rhs) where behavior == "any", .and(let lhs, let rhs) where behavior == "all":
                return try flatten(lhs, behavior: behavior) + flatten(rhs, behavior: behavior)
            default:
                throw Unrepresentable(reason: "the skip condition mixes 'and' and 'or' or uses sums; enableWhen cannot express it")
            }
        }
        do {
            switch condition {
            case .always: return .success(nil)
            case .and, .quantified(.all, _, _): return .success((try flatten(condition, behavior: "all"), "all"))
            default: return .success((try flatten(condition, behavior: "any"), "any"))
            }
        } catch {
            return .failure(error)
        }
    }
}

import CrisisCore
import Foundation
import RiskRules

/// Reads a FHIR R4 QuestionnaireResponse posted against one of crisisd's own Questionnaires, or a public one
/// from the registry (`Protocols/fhir-questionnaires.yaml`), into the protocol's raw answers. Answers are matched by linkId only; an absent item was not asked; a client-supplied score is kept
/// as a cross-check, never trusted. Problems name the element in FHIRPath (`QuestionnaireResponse.item[2].linkId`).
public enum QuestionnaireResponseReader {
    /// A response that can be judged.
    public struct Read: Sendable {
        public var protocolID: ProtocolID
        /// The version the response names, when it differs from the loaded protocol's.
        public var versionMismatch: String?
        public var subject: SubjectIdentifier
        public var completedAt: Date?
        /// Business identifier (`system|value`), the key of conditional create.
        public var identifier: String?
        public var answers: [String: RawAnswer]
        /// Scores the client sent (linkId of a score item → value), to compare with crisisd's own.
        public var reportedScores: [String: Int]
    }

    /// Why a response is refused; `structural` ones are 400 (not a QuestionnaireResponse), the rest 422.
    public struct Refusal: Error, Sendable {
        public var structural: Bool
        public var issues: [OperationOutcome.Issue]
    }

    /// Statuses judged as screens; `entered-in-error` and `stopped` need the episode re-evaluation of design
    /// notes §3 and are refused until it exists.
    static let acceptedStatuses: Set<String> = ["completed", "amended", "in-progress"]

    /// The system crisisd uses for references without an identifier, e.g. `Patient/p-1001`.
    public static let referenceSystem = "urn:crisisd:fhir-reference"

    /// How a Questionnaire's linkIds reach a protocol: crisisd's own use the item and score ids themselves.
    struct LinkMap {
        var item: (String) -> String?
        var score: (String) -> String?
        var ignored: (String) -> Bool

        static func own(_ definition: ProtocolDefinition) -> LinkMap {
            LinkMap(
                item: { definition.item($0) == nil ? nil : $0 }, score: { id in definition.scores.contains { $0.id == id } ? id : nil },
                ignored: { _ in false })
        }

        static func registered(_ entry: PublicQuestionnaire) -> LinkMap {
            LinkMap(item: { entry.items[$0] }, score: { entry.reportedScores[$0] }, ignored: { entry.ignored[$0] != nil })
        }
    }

    public static func read(
        _ value: JSONValue, publicURL: String, protocols: (ProtocolID) -> ProtocolDefinition?,
        registry: QuestionnaireRegistry = QuestionnaireRegistry(), parseDate: (String) -> Date?
    ) -> Result<Read, Refusal> {
        guard case .object(let resource) = value, case .string("QuestionnaireResponse")? = resource["resourceType"] else {
            return .failure(Refusal(structural: true, issues: [issue("structure", "expected a QuestionnaireResponse", "QuestionnaireResponse")]))
        }
        var issues: [OperationOutcome.Issue] = []
        // The questionnaire: one of crisisd's own canonicals (optionally |version), or a registered public one.
        var definition: ProtocolDefinition?
        var links: LinkMap?
        var versionMismatch: String?
        if case .string(let canonical)? = resource["questionnaire"] {
            let parts = canonical.split(separator: "|", maxSplits: 1).map(String.init)
            let prefix = "\(publicURL)/fhir/Questionnaire/"
            if let url = parts.first, url.hasPrefix(prefix) {
                definition = protocols(QuestionnaireExporter.protocolID(fromFHIRID: String(url.dropFirst(prefix.count))))
                links = definition.map(LinkMap.own)
                if let loaded = definition?.version, parts.count == 2, parts[1] != loaded { versionMismatch = parts[1] }
            } else if let url = parts.first, let entry = registry[url], let registered = protocols(entry.protocolID) {
                definition = registered
                links = .registered(entry)
            }
            if definition == nil {
                issues.append(
                    issue("not-supported", "unknown questionnaire; crisisd accepts its own (\(prefix)<id>) and those listed at \(publicURL)/fhir/metadata",
                          "QuestionnaireResponse.questionnaire"))
            }
        } else {
            issues.append(issue("required", "questionnaire (a canonical URL) is required", "QuestionnaireResponse.questionnaire"))
        }
        if case .string(let status)? = resource["status"] {
            if !acceptedStatuses.contains(status) {
                issues.append(issue("not-supported", "status '\(status)' is not accepted (completed, amended, in-progress)", "QuestionnaireResponse.status"))
            }
        } else {
            issues.append(issue("required", "status is required", "QuestionnaireResponse.status"))
        }
        let subject = readSubject(resource["subject"], &issues)
        var completedAt: Date?
        if case .string(let authored)? = resource["authored"] {
            completedAt = parseDate(authored)
            if completedAt == nil { issues.append(issue("value", "authored is not a dateTime", "QuestionnaireResponse.authored")) }
        }
        var identifier: String?
        if let node = resource["identifier"] {
            if case .object(let object) = node, case .string(let system)? = object["system"], case .string(let value)? = object["value"] {
                identifier = "\(system)|\(value)"
            } else {
                issues.append(issue("value", "identifier needs system and value", "QuestionnaireResponse.identifier"))
            }
        }
        var answers: [String: RawAnswer] = [:]
        var reported: [String: Int] = [:]
        if let definition, let links {
            readItems(
                resource["item"], path: "QuestionnaireResponse", definition: definition, links: links, answers: &answers,
                reported: &reported, &issues)
        }
        guard issues.isEmpty, let definition, let subject else { return .failure(Refusal(structural: false, issues: issues)) }
        return .success(
            Read(
                protocolID: definition.id, versionMismatch: versionMismatch, subject: subject, completedAt: completedAt,
                identifier: identifier, answers: answers, reportedScores: reported))
    }

    private static func readSubject(_ node: JSONValue?, _ issues: inout [OperationOutcome.Issue]) -> SubjectIdentifier? {
        guard case .object(let reference)? = node else {
            issues.append(issue("required", "subject (a Patient reference or identifier) is required", "QuestionnaireResponse.subject"))
            return nil
        }
        if case .object(let identifier)? = reference["identifier"], case .string(let system)? = identifier["system"],
            case .string(let value)? = identifier["value"], !system.isEmpty, !value.isEmpty
        {
            return SubjectIdentifier(system: system, value: value)
        }
        if case .string(let target)? = reference["reference"], target.contains("Patient/") {
            return SubjectIdentifier(system: referenceSystem, value: target)
        }
        issues.append(issue("value", "subject needs identifier.system and identifier.value, or a Patient reference", "QuestionnaireResponse.subject"))
        return nil
    }

    /// Walks the item tree (groups nest), mapping each answered linkId onto the protocol's item.
    private static func readItems(
        _ node: JSONValue?, path: String, definition: ProtocolDefinition, links: LinkMap, answers: inout [String: RawAnswer],
        reported: inout [String: Int], _ issues: inout [OperationOutcome.Issue]
    ) {
        guard let node else { return }
        guard case .array(let items) = node else {
            issues.append(issue("structure", "item must be an array", "\(path).item"))
            return
        }
        for (index, element) in items.enumerated() {
            let itemPath = "\(path).item[\(index)]"
            guard case .object(let item) = element, case .string(let linkId)? = item["linkId"] else {
                issues.append(issue("required", "every item needs a linkId", "\(itemPath).linkId"))
                continue
            }
            readItems(item["item"], path: itemPath, definition: definition, links: links, answers: &answers, reported: &reported, &issues)
            guard let answerNode = item["answer"] else { continue }
            guard case .array(let answerList) = answerNode, answerList.count == 1, case .object(let answer) = answerList[0] else {
                issues.append(issue("structure", "exactly one answer per item", "\(itemPath).answer"))
                continue
            }
            let answerPath = "\(itemPath).answer[0]"
            if links.ignored(linkId) { continue }
            if let score = links.score(linkId) {
                // A client-supplied total is a cross-check only (design notes §8). Some published examples send
                // it as a whole valueDecimal.
                switch answer["valueInteger"] ?? answer["valueDecimal"] {
                case .integer(let value)?: reported[score] = value
                case .number(let value)? where value == value.rounded() && abs(value) < 1e6: reported[score] = Int(value)
                default: issues.append(issue("value", "a score is a valueInteger", "\(answerPath)"))
                }
                continue
            }
            guard let itemID = links.item(linkId), let protocolItem = definition.item(itemID) else {
                issues.append(issue("not-found", "linkId '\(linkId)' is not an item of \(definition.id.rawValue)", "\(itemPath).linkId"))
                continue
            }
            if answers[itemID] != nil {
                issues.append(issue("business-rule", "linkId '\(linkId)' is answered twice", "\(itemPath).linkId"))
                continue
            }
            switch rawAnswer(answer, for: protocolItem) {
            case .success(let raw): answers[itemID] = raw
            case .failure(let problem): issues.append(issue("value", problem.message, answerPath))
            }
        }
    }

    /// valueCoding (LOINC or crisisd's answer code), valueInteger for scaled items, valueBoolean for yes/no
    /// items, valueString for text items; anything else names the types the item takes.
    private static func rawAnswer(_ answer: [String: JSONValue], for item: ProtocolItem) -> Result<RawAnswer, ValueProblem> {
        switch item.answers {
        case .choice(let options), .range(_, _, let options) where !options.isEmpty:
            if case .object(let coding)? = answer["valueCoding"], case .string(let code)? = coding["code"] {
                let system: String? = if case .string(let text)? = coding["system"] { text } else { nil }
                let option = system == Coding.loincSystem
                    ? options.first { $0.loinc == code } : options.first { $0.code == code } ?? options.first { $0.loinc == code }
                guard let option else { return .failure(ValueProblem(message: "code '\(code)' is not an answer option of '\(item.id)'")) }
                if case .range = item.answers { return .success(.integer(Int(option.code) ?? -1)) }
                return .success(.text(option.code))
            }
            if case .integer(let number)? = answer["valueInteger"], case .range = item.answers { return .success(.integer(number)) }
            if case .bool(let flag)? = answer["valueBoolean"], case .choice = item.answers,
                options.contains(where: { $0.code == "yes" }), options.contains(where: { $0.code == "no" })
            {
                return .success(.text(flag ? "yes" : "no"))
            }
            let types = item.answers.isRange ? "valueCoding or valueInteger" : "valueCoding"
            return .failure(ValueProblem(message: "'\(item.id)' takes \(types)"))
        case .range:
            if case .integer(let number)? = answer["valueInteger"] { return .success(.integer(number)) }
            return .failure(ValueProblem(message: "'\(item.id)' takes valueInteger"))
        case .text:
            if case .string(let text)? = answer["valueString"] { return .success(.text(text)) }
            return .failure(ValueProblem(message: "'\(item.id)' takes valueString"))
        }
    }

    static func issue(_ code: String, _ diagnostics: String, _ expression: String) -> OperationOutcome.Issue {
        OperationOutcome.Issue(severity: "error", code: code, diagnostics: diagnostics, expression: [expression])
    }
}

/// Why one answer cannot be read (its message names the item and the types it takes, never the value sent).
struct ValueProblem: Error {
    var message: String
}

extension AnswerSet {
    fileprivate var isRange: Bool { if case .range = self { true } else { false } }
}

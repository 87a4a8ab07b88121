import CrisisCore
import Foundation
import HTTPTypes

/// Reads the JSON of `POST /api/v1/safety-plans` and of a revision into plan content, naming every field
/// problem by JSON pointer. (Parsed by hand: a key-decoding strategy would also rewrite section ids.)
enum SafetyPlanRequest {
    struct Create {
        var subject: SubjectIdentifier
        var template: String?
        var assessments: [AssessmentID]
        var content: SafetyPlanContent
    }

    static func create(_ body: [UInt8]) throws(APIProblem) -> Create {
        let object = try Self.object(body)
        var errors = unknownKeys(object, allowed: ["subject", "template", "assessments", "sections"], at: "")
        var subject: SubjectIdentifier?
        if case .object(let value)? = object["subject"], case .string(let system)? = value["system"], case .string(let id)? = value["value"],
            !system.isEmpty, !id.isEmpty, system.count <= 200, id.count <= 200, value.count == 2
        {
            subject = SubjectIdentifier(system: system, value: id)
        } else {
            errors.append(.init(pointer: "/subject", detail: "required: {\"system\": …, \"value\": …}"))
        }
        var template: String?
        switch object["template"] {
        case nil: break
        case .string(let text)?: template = text
        default: errors.append(.init(pointer: "/template", detail: "a template id, e.g. stanley_brown"))
        }
        var assessments: [AssessmentID] = []
        switch object["assessments"] {
        case nil: break
        case .array(let items)? where items.count <= 20:
            for (index, item) in items.enumerated() {
                if case .string(let id) = item { assessments.append(AssessmentID(id)) } else {
                    errors.append(.init(pointer: "/assessments/\(index)", detail: "an assessment id"))
                }
            }
        default: errors.append(.init(pointer: "/assessments", detail: "a list of at most 20 assessment ids"))
        }
        let content = sections(object["sections"], required: false, errors: &errors)
        guard errors.isEmpty, let subject else { throw invalid(errors) }
        return Create(subject: subject, template: template, assessments: assessments, content: content)
    }

    /// `{"based_on": 2, "sections": {…}}`: the whole content of the new revision.
    static func revision(_ body: [UInt8]) throws(APIProblem) -> (basedOn: Int, content: SafetyPlanContent) {
        let object = try Self.object(body)
        var errors = unknownKeys(object, allowed: ["based_on", "sections"], at: "")
        var basedOn: Int?
        if case .integer(let number)? = object["based_on"], number >= 1 { basedOn = number } else {
            errors.append(.init(pointer: "/based_on", detail: "required: the revision number this one is written on top of"))
        }
        let content = sections(object["sections"], required: true, errors: &errors)
        guard errors.isEmpty, let basedOn else { throw invalid(errors) }
        return (basedOn, content)
    }

    private static func sections(_ node: JSONValue?, required: Bool, errors: inout [APIProblem.FieldError]) -> SafetyPlanContent {
        var content = SafetyPlanContent()
        guard let node else {
            if required { errors.append(.init(pointer: "/sections", detail: "required: an object of sections")) }
            return content
        }
        guard case .object(let sections) = node, sections.count <= 20 else {
            errors.append(.init(pointer: "/sections", detail: "an object of sections by id"))
            return content
        }
        for (id, value) in sections.sorted(by: { $0.key < $1.key }) {
            let base = "/sections/\(pointerEscape(id))"
            guard case .object(let section) = value else {
                errors.append(.init(pointer: base, detail: "an object with entries, or not_applicable with a reason"))
                continue
            }
            errors += unknownKeys(section, allowed: ["entries", "not_applicable", "lethal_means"], at: base)
            var read = SafetyPlanContent.Section()
            switch section["entries"] {
            case nil: break
            case .array(let entries)? where entries.count <= 20:
                for (index, entry) in entries.enumerated() {
                    guard case .object(let fields) = entry, fields.count <= 10 else {
                        errors.append(.init(pointer: "\(base)/entries/\(index)", detail: "an object of text fields"))
                        continue
                    }
                    var values: [String: String] = [:]
                    for (field, text) in fields {
                        if case .string(let string) = text { values[field] = string } else {
                            errors.append(.init(pointer: "\(base)/entries/\(index)/\(pointerEscape(field))", detail: "text"))
                        }
                    }
                    read.entries.append(values)
                }
            default: errors.append(.init(pointer: "\(base)/entries", detail: "a list of at most 20 entries"))
            }
            switch section["not_applicable"] {
            case nil: break
            case .string(let reason)?: read.notApplicable = reason
            default: errors.append(.init(pointer: "\(base)/not_applicable", detail: "the reason, as text"))
            }
            if let node = section["lethal_means"] {
                read.lethalMeans = lethalMeans(node, at: "\(base)/lethal_means", errors: &errors)
            }
            content.sections[id] = read
        }
        return content
    }

    private static func lethalMeans(_ node: JSONValue, at base: String, errors: inout [APIProblem.FieldError]) -> SafetyPlanContent.LethalMeansCounselling? {
        guard case .object(let object) = node else {
            errors.append(.init(pointer: base, detail: "{\"counselled\": true, \"means\": [...], \"note\": ...}"))
            return nil
        }
        errors += unknownKeys(object, allowed: ["counselled", "means", "note"], at: base)
        guard case .bool(let counselled)? = object["counselled"] else {
            errors.append(.init(pointer: "\(base)/counselled", detail: "required: true or false"))
            return nil
        }
        var means: [String] = []
        if case .array(let items)? = object["means"] {
            for (index, item) in items.enumerated() {
                if case .string(let text) = item { means.append(text) } else { errors.append(.init(pointer: "\(base)/means/\(index)", detail: "text")) }
            }
        } else if object["means"] != nil {
            errors.append(.init(pointer: "\(base)/means", detail: "a list of text"))
        }
        var note: String?
        switch object["note"] {
        case nil: break
        case .string(let text)?: note = text
        default: errors.append(.init(pointer: "\(base)/note", detail: "text"))
        }
        return .init(counselled: counselled, means: means, note: note)
    }

    private static func object(_ body: [UInt8]) throws(APIProblem) -> [String: JSONValue] {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "the body is not a JSON object", errors: [.init(pointer: "", detail: "expected a JSON object")])
        }
        return object
    }

    private static func unknownKeys(_ object: [String: JSONValue], allowed: Set<String>, at base: String) -> [APIProblem.FieldError] {
        object.keys.sorted().filter { !allowed.contains($0) }.map { .init(pointer: "\(base)/\(pointerEscape($0))", detail: "unknown field") }
    }

    static func invalid(_ errors: [APIProblem.FieldError]) -> APIProblem {
        APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: errors.first.map { "\($0.pointer): \($0.detail)" } ?? "invalid", errors: errors)
    }
}

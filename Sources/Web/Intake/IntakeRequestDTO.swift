import CrisisCore
import Foundation
import HTTPTypes
import RiskRules
import Workflow

/// The wire shape of `POST /api/v1/assessments`, read field by field so every error names its JSON pointer.
///
///     {"protocol": "cssrs_screen_recent", "answers": {"q1": "yes", …},
///      "subject": {"system": "urn:oid:…", "value": "…"}, "site": "east", "completed_at": "2026-…Z"}
struct IntakeRequestDTO {
    var protocolID: ProtocolID
    var answers: [String: RawAnswer]
    var subject: SubjectIdentifier
    var site: String?
    var completedAt: Date?

    static let allowedKeys: Set<String> = ["protocol", "answers", "subject", "site", "completed_at"]
    static let sitePattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"

    /// Parses the body: 400 when it is not JSON, 422 listing every field problem otherwise.
    static func parse(_ body: [UInt8]) throws(APIProblem) -> IntakeRequestDTO {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "the body is not valid JSON",
                             errors: [.init(pointer: "", detail: "not valid JSON")])
        }
        guard case .object(let object) = value else {
            throw APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "the body must be a JSON object",
                             errors: [.init(pointer: "", detail: "expected an object")])
        }
        var errors: [APIProblem.FieldError] = []
        for key in object.keys.sorted() where !allowedKeys.contains(key) {
            errors.append(.init(pointer: "/\(pointerEscape(key))", detail: "unknown field"))
        }
        let protocolID = requiredString(object, "protocol", pointer: "/protocol", &errors).map(ProtocolID.init)
        var answers: [String: RawAnswer]?
        switch object["answers"] {
        case .object(let items)?:
            answers = items.mapValues { item in
                switch item {
                case .string(let text): .text(text)
                case .integer(let number): .integer(number)
                default: .other(item.typeName)
                }
            }
        case nil:
            errors.append(.init(pointer: "/answers", detail: "required"))
        case let other?:
            errors.append(.init(pointer: "/answers", detail: "expected an object of answers by item id, got \(other.typeName)"))
        }
        var subject: SubjectIdentifier?
        switch object["subject"] {
        case .object(let fields)?:
            for key in fields.keys.sorted() where key != "system" && key != "value" {
                errors.append(.init(pointer: "/subject/\(pointerEscape(key))", detail: "unknown field"))
            }
            let system = requiredString(fields, "system", pointer: "/subject/system", &errors)
            let value = requiredString(fields, "value", pointer: "/subject/value", &errors)
            if let system, let value {
                if system.count > 256 || value.count > 256 {
                    errors.append(.init(pointer: "/subject", detail: "system and value are at most 256 characters"))
                } else {
                    subject = SubjectIdentifier(system: system, value: value)
                }
            }
        case nil:
            errors.append(.init(pointer: "/subject", detail: "required"))
        case let other?:
            errors.append(.init(pointer: "/subject", detail: "expected an object with system and value, got \(other.typeName)"))
        }
        var site: String?
        switch object["site"] {
        case nil, .null?: break
        case .string(let text)? where text.range(of: sitePattern, options: .regularExpression) != nil: site = text
        case .string?: errors.append(.init(pointer: "/site", detail: "a site code: letters, digits, '_', '.', '-', at most 64"))
        case let other?: errors.append(.init(pointer: "/site", detail: "expected a string, got \(other.typeName)"))
        }
        var completedAt: Date?
        switch object["completed_at"] {
        case nil, .null?: break
        case .string(let text)?:
            completedAt = Timestamps.parse(text)
            if completedAt == nil { errors.append(.init(pointer: "/completed_at", detail: "expected an RFC 3339 date-time")) }
        case let other?: errors.append(.init(pointer: "/completed_at", detail: "expected a string, got \(other.typeName)"))
        }
        guard errors.isEmpty, let protocolID, let answers, let subject else {
            throw APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "the request has invalid fields",
                             errors: errors)
        }
        return IntakeRequestDTO(protocolID: protocolID, answers: answers, subject: subject, site: site, completedAt: completedAt)
    }

    private static func requiredString(
        _ object: [String: JSONValue], _ key: String, pointer: String, _ errors: inout [APIProblem.FieldError]
    ) -> String? {
        switch object[key] {
        case .string(let text)? where !text.isEmpty: return text
        case .string?: errors.append(.init(pointer: pointer, detail: "must not be empty"))
        case nil: errors.append(.init(pointer: pointer, detail: "required"))
        case let other?: errors.append(.init(pointer: pointer, detail: "expected a string, got \(other.typeName)"))
        }
        return nil
    }
}

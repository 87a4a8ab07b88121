/// FHIR R4 `Questionnaire`, limited to the elements crisisd writes.
public struct Questionnaire: Codable, Sendable, Equatable {
    public var resourceType = "Questionnaire"
    public var id: String
    public var url: String
    public var version: String
    public var name: String
    public var title: String
    public var status: String
    public var subjectType: [String]
    public var publisher: String?
    public var copyright: String?
    public var code: [Coding]?
    public var item: [QuestionnaireItem]
}

/// One question (or read-only score) of a Questionnaire.
public struct QuestionnaireItem: Codable, Sendable, Equatable {
    public var linkId: String
    public var code: [Coding]?
    public var prefix: String?
    public var text: String
    /// `choice`, `integer` or `text`.
    public var type: String
    public var required: Bool?
    public var readOnly: Bool?
    public var enableWhen: [EnableWhen]?
    /// `any` or `all`; present only with more than one `enableWhen`.
    public var enableBehavior: String?
    public var answerOption: [AnswerOption]?
    public var maxLength: Int?
}

/// A condition on an earlier answer under which an item is shown.
public struct EnableWhen: Codable, Sendable, Equatable {
    public var question: String
    /// `=` or `!=` (the operators that apply to coded answers).
    public var `operator`: String
    public var answerCoding: Coding
}

/// One allowed answer.
public struct AnswerOption: Codable, Sendable, Equatable {
    public var valueCoding: Coding
    public var `extension`: [Extension]?
}

/// A FHIR extension carrying a decimal (the core `ordinalValue` extension gives an answer's score).
public struct Extension: Codable, Sendable, Equatable {
    public var url: String
    public var valueDecimal: Int?

    public static func ordinalValue(_ value: Int) -> Extension {
        Extension(url: "http://hl7.org/fhir/StructureDefinition/ordinalValue", valueDecimal: value)
    }
}

/// A code from a code system.
public struct Coding: Codable, Sendable, Equatable {
    public var system: String
    public var code: String
    public var display: String?

    public static let loincSystem = "http://loinc.org"
}

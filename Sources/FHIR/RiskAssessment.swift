/// FHIR R4 `RiskAssessment`, the elements crisisd fills (reference/integration-security.md A2).
public struct RiskAssessment: Codable, Sendable, Equatable {
    public struct Meta: Codable, Sendable, Equatable {
        public var security: [Coding]
    }

    public struct Identifier: Codable, Sendable, Equatable {
        public var system: String
        public var value: String
    }

    public struct CodeableConcept: Codable, Sendable, Equatable {
        public var coding: [Coding]?
        public var text: String?
    }

    /// A reference by business identifier (crisisd keys subjects by identifier, not by Patient id) or by URL.
    public struct Reference: Codable, Sendable, Equatable {
        public var reference: String?
        public var identifier: Identifier?
        public var display: String?
    }

    public struct Prediction: Codable, Sendable, Equatable {
        public var outcome: CodeableConcept
        public var qualitativeRisk: CodeableConcept
        public var rationale: String?
    }

    public struct Annotation: Codable, Sendable, Equatable {
        public var text: String
    }

    public var resourceType = "RiskAssessment"
    public var id: String
    public var meta: Meta
    public var identifier: [Identifier]
    public var status: String
    public var method: CodeableConcept
    public var code: CodeableConcept
    public var subject: Reference
    public var occurrenceDateTime: String
    public var performer: Reference
    /// The QuestionnaireResponse the screen arrived as, when it came through FHIR.
    public var basis: [Reference]?
    public var prediction: [Prediction]
    public var mitigation: String?
    public var note: [Annotation]?
}

/// A FHIR `Bundle` of type `searchset`.
public struct SearchBundle<Resource: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public struct Search: Codable, Sendable, Equatable {
            public var mode: String
        }

        public var fullUrl: String
        public var resource: Resource
        public var search: Search
    }

    public var resourceType = "Bundle"
    public var type = "searchset"
    public var total: Int
    public var entry: [Entry]?

    public init(resources: [(fullUrl: String, resource: Resource)]) {
        total = resources.count
        entry = resources.isEmpty ? nil : resources.map { Entry(fullUrl: $0.fullUrl, resource: $0.resource, search: .init(mode: "match")) }
    }
}

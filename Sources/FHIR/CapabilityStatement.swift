/// FHIR R4 `CapabilityStatement` for `GET /fhir/metadata`: exactly what crisisd serves today, nothing more.
public struct CapabilityStatement: Codable, Sendable, Equatable {
    public struct Software: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
    }

    public struct Implementation: Codable, Sendable, Equatable {
        public var description: String
        public var url: String
    }

    public struct Rest: Codable, Sendable, Equatable {
        public struct Security: Codable, Sendable, Equatable {
            /// The SMART `oauth-uris` extension naming the token endpoint.
            public struct OAuthURIs: Codable, Sendable, Equatable {
                public struct URI: Codable, Sendable, Equatable {
                    public var url: String
                    public var valueUri: String
                }
                public var url = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
                public var `extension`: [URI]
            }
            public struct Service: Codable, Sendable, Equatable {
                public struct Coding: Codable, Sendable, Equatable {
                    public var system = "http://terminology.hl7.org/CodeSystem/restful-security-service"
                    public var code = "SMART-on-FHIR"
                }
                public var coding = [Coding()]
                public var text = "SMART Backend Services (client_credentials, private_key_jwt)"
            }
            public var `extension`: [OAuthURIs]
            public var service = [Service()]
            public var description: String
        }

        public struct Resource: Codable, Sendable, Equatable {
            public struct Interaction: Codable, Sendable, Equatable {
                public var code: String
            }

            public struct SearchParam: Codable, Sendable, Equatable {
                public var name: String
                public var type: String
                public var documentation: String
            }

            public var type: String
            public var interaction: [Interaction]
            public var conditionalCreate: Bool?
            public var searchParam: [SearchParam]?
            public var documentation: String?
        }

        public var mode = "server"
        public var documentation: String
        public var security: Security
        public var resource: [Resource]
        /// System-level interactions: `transaction` and `batch` of QuestionnaireResponse creates.
        public var interaction = [Resource.Interaction(code: "transaction"), Resource.Interaction(code: "batch")]
    }

    public var resourceType = "CapabilityStatement"
    public var status = "active"
    public var date: String
    public var kind = "instance"
    public var software: Software
    public var implementation: Implementation
    public var fhirVersion = "4.0.1"
    public var format = ["application/fhir+json"]
    public var rest: [Rest]

    /// `publicCanonicals`: the registry's accepted public Questionnaire URLs, listed so EHRs can see them.
    public static func current(publicURL: String, version: String, date: String, publicCanonicals: [String] = []) -> CapabilityStatement {
        let accepted = publicCanonicals.isEmpty ? "" : " Also accepted: \(publicCanonicals.sorted().joined(separator: ", "))."
        return CapabilityStatement(
            date: date, software: .init(name: "crisisd", version: version),
            implementation: .init(description: "crisisd crisis screening and escalation", url: "\(publicURL)/fhir"),
            rest: [
                .init(
                    documentation: "QuestionnaireResponses against crisisd's own Questionnaires and the public LOINC-linkId forms "
                        + "it lists are judged and escalated like JSON API screens; each stored screen has a RiskAssessment (and a "
                        + "score Observation when it has a score). POST to the base takes a transaction Bundle of one "
                        + "QuestionnaireResponse create, or a batch of up to 20, each judged on its own. CDS Hooks services "
                        + "are at \(publicURL)/cds-services.",
                    security: .init(
                        extension: [.init(extension: [.init(url: "token", valueUri: "\(publicURL)/auth/token")])],
                        description: "SMART Backend Services: access tokens (300 s) from \(publicURL)/auth/token with system/ "
                            + "scopes, checked on every interaction; or bearer tokens from `crisisd token create` (roles ehr, "
                            + "clinician, supervisor); or a mutual-TLS client certificate mapped to a registered client. "
                            + "Questionnaires and this statement need none."),
                    resource: [
                        .init(type: "Questionnaire", interaction: [.init(code: "read")], conditionalCreate: nil, searchParam: nil,
                              documentation: "One per loaded protocol; id is the protocol id with '-' for '_'."),
                        .init(
                            type: "QuestionnaireResponse", interaction: [.init(code: "create"), .init(code: "read")],
                            conditionalCreate: true, searchParam: nil,
                            documentation: "questionnaire must be one of crisisd's own canonicals (\(publicURL)/fhir/Questionnaire/<id>) "
                                + "or a listed public one; answers matched by linkId only.\(accepted) "
                                + "If-None-Exist: identifier=system|value makes retries safe. 201 carries a Link to the "
                                + "RiskAssessment."),
                        .init(
                            type: "CarePlan", interaction: [.init(code: "read")], conditionalCreate: nil, searchParam: nil,
                            documentation: "A Stanley-Brown safety plan: one activity per section (local section codes), status "
                                + "draft, active or revoked (superseded), supportingInfo the screens' RiskAssessments; id is the "
                                + "plan id with '-' for '_'. Written through the JSON API (/api/v1/safety-plans)."),
                        .init(
                            type: "Observation", interaction: [.init(code: "read")], conditionalCreate: nil, searchParam: nil,
                            documentation: "A screen's total score (PHQ-9: LOINC 44261-6), valueInteger, derived from its response; "
                                + "named in the RiskAssessment's basis."),
                        .init(
                            type: "RiskAssessment", interaction: [.init(code: "read"), .init(code: "search-type")], conditionalCreate: nil,
                            searchParam: [
                                .init(name: "subject:identifier", type: "token", documentation: "system|value of the subject's identifier"),
                                .init(name: "patient:identifier", type: "token", documentation: "the same as subject:identifier"),
                            ],
                            documentation: "One per stored screen, from any intake; newest first in searches."),
                    ])
            ])
    }
}

/// FHIR R4 `CarePlan` for a safety plan: one activity per template section, local section codes (no LOINC
/// codes exist for the sections; reference/protocols.md §6), the client's words as each activity's description.
public struct CarePlan: Codable, Sendable, Equatable {
    public struct Activity: Codable, Sendable, Equatable {
        public struct Detail: Codable, Sendable, Equatable {
            public var code: RiskAssessment.CodeableConcept
            public var status: String
            public var description: String?
        }
        public var detail: Detail
    }

    public struct Period: Codable, Sendable, Equatable {
        public var start: String
    }

    public var resourceType = "CarePlan"
    public var id: String
    public var meta: RiskAssessment.Meta
    public var identifier: [RiskAssessment.Identifier]
    public var instantiatesCanonical: [String]?
    /// `draft`, `active`, or `revoked` for a superseded plan (it stopped being in force before it was "completed").
    public var status: String
    public var intent = "plan"
    public var category: [RiskAssessment.CodeableConcept]
    public var title: String
    public var subject: RiskAssessment.Reference
    public var period: Period?
    public var created: String
    public var replaces: [RiskAssessment.Reference]?
    /// The RiskAssessments of the screens that prompted the plan.
    public var supportingInfo: [RiskAssessment.Reference]?
    public var activity: [Activity]
    public var note: [RiskAssessment.Annotation]?
}

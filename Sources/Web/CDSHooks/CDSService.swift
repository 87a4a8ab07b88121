/// The CDS Hooks 2.0 services crisisd offers (`GET /cds-services`). Prefetch is optional: crisisd answers
/// from its own store; a prefetched Patient only adds the identifiers it is known by.
struct CDSService: Codable, Sendable {
    var hook: String
    var title: String
    var description: String
    var id: String
    var prefetch: [String: String]?
    var usageRequirements: String?

    static let riskSummary = CDSService(
        hook: "patient-view", title: "Crisis risk summary",
        description: "The patient's current suicide- and violence-risk tier from crisisd screens, and any escalation nobody has acknowledged yet.",
        id: "crisis-risk-summary", prefetch: ["patient": "Patient/{{context.patientId}}"],
        usageRequirements: "Register the EHR with `crisisd client register --kind cds-hooks`. Cards carry tiers, dates and protocol names; never answers or free text.")

    static let dischargeCheck = CDSService(
        hook: "encounter-discharge", title: "Safety plan before discharge",
        description: "Warns when a patient with a moderate or higher risk tier is being discharged without an active safety plan in crisisd.",
        id: "discharge-safety-plan-check", prefetch: ["patient": "Patient/{{context.patientId}}"], usageRequirements: nil)

    static let all = [riskSummary, dischargeCheck]
}

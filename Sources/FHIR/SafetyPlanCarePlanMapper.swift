import CrisisCore
import Foundation
import SafetyPlans

/// Maps a stored safety plan and its template to a `CarePlan`.
public enum SafetyPlanCarePlanMapper {
    public static func fhirID(_ id: SafetyPlanID) -> String { id.rawValue.replacingOccurrences(of: "_", with: "-") }
    public static func planID(fromFHIRID id: String) -> SafetyPlanID { SafetyPlanID(id.replacingOccurrences(of: "-", with: "_")) }

    public static func carePlan(
        _ plan: SafetyPlan, template: SafetyPlanTemplate, replaces: SafetyPlanID?, publicURL: String, iso8601: (Date) -> String
    ) -> CarePlan {
        let status: String
        let activityStatus: String
        switch plan.status {
        case .draft: (status, activityStatus) = ("draft", "not-started")
        case .active: (status, activityStatus) = ("active", "in-progress")
        case .superseded: (status, activityStatus) = ("revoked", "stopped")
        }
        let activities = template.sections.map { section -> CarePlan.Activity in
            let content = plan.content.sections[section.id]
            let words = (content?.filledEntries ?? []).map { entry in
                section.fields.compactMap { field in entry[field].flatMap { $0.isEmpty ? nil : $0 } }.joined(separator: ", ")
            }
            var description = words.joined(separator: "; ")
            if description.isEmpty, let reason = content?.notApplicable { description = "Not applicable: \(reason)" }
            if section.lethalMeans, let means = content?.lethalMeans {
                let record = means.counselled ? "Lethal-means counselling done" : "Lethal-means counselling not done"
                let discussed = means.means.isEmpty ? "" : " (\(means.means.joined(separator: ", ")))"
                description += (description.isEmpty ? "" : ". ") + record + discussed
            }
            return CarePlan.Activity(
                detail: .init(
                    code: .init(coding: [Coding(system: "\(publicURL)/fhir/CodeSystem/safety-plan-section", code: section.id, display: section.heading)], text: nil),
                    status: activityStatus, description: description.isEmpty ? nil : description))
        }
        return CarePlan(
            id: fhirID(plan.id),
            meta: .init(security: [Coding(system: "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", code: "R", display: "restricted")]),
            identifier: [.init(system: "\(publicURL)/fhir/sid/safety-plan", value: plan.id.rawValue)],
            instantiatesCanonical: nil, status: status,
            category: [.init(coding: [Coding(system: "\(publicURL)/fhir/CodeSystem/care-plan-category", code: "suicide-safety-plan", display: "Suicide safety plan")], text: "Safety plan")],
            title: "\(template.title) (revision \(plan.revision))",
            subject: .init(reference: nil, identifier: .init(system: plan.subject.system, value: plan.subject.value), display: nil),
            period: plan.activatedAt.map { .init(start: iso8601($0)) }, created: iso8601(plan.createdAt),
            replaces: replaces.map { [.init(reference: "CarePlan/\(fhirID($0))", identifier: nil, display: nil)] },
            supportingInfo: plan.assessments.isEmpty ? nil : plan.assessments.map { .init(reference: "RiskAssessment/\(RiskAssessmentMapper.fhirID($0))", identifier: nil, display: nil) },
            activity: activities,
            note: [.init(text: "\(template.attribution) Template \(template.id) \(template.version) (\(template.hash)).")])
    }
}

import CrisisCore
import Foundation
import SafetyPlans
import Workflow

/// A plan as `/api/v1` shows it: sections in the template's order with heading and prompt beside the
/// client's words, the quality report against the tier in force, and the licence terms.
struct SafetyPlanDTO: Encodable {
    struct Template: Encodable {
        var id: String
        var version: String
        var hash: String
    }

    struct Section: Encodable {
        var id: String
        var step: Int?
        var heading: String
        var prompt: String
        var fields: [String]
        var entries: [[String: String]]
        var notApplicable: String?
        var lethalMeans: SafetyPlanContent.LethalMeansCounselling?
    }

    struct Licence: Encodable {
        var attribution: String
        var text: String
        /// False while the authors' permission is not recorded (development only: "evaluation only").
        var recorded: Bool
    }

    var id: String
    var subject: SubjectIdentifier
    var template: Template
    var status: String
    var revision: Int
    var assessments: [String]
    var sections: [Section]
    var quality: SafetyPlanQualityCheck.Report
    var tierInForce: String?
    var licence: Licence?
    var createdAt: String
    var createdBy: String
    var updatedAt: String
    var activatedAt: String?
    var supersededAt: String?
    var supersededBy: String?

    init(_ view: ManageSafetyPlans.View, licenceRecorded: Bool) {
        let plan = view.plan
        id = plan.id.rawValue
        subject = plan.subject
        template = Template(id: plan.templateID, version: plan.templateVersion, hash: plan.templateHash)
        status = plan.status.rawValue
        revision = plan.revision
        assessments = plan.assessments.map(\.rawValue)
        sections = (view.template?.sections ?? []).map { section in
            let content = plan.content.sections[section.id]
            return Section(
                id: section.id, step: section.step, heading: section.heading, prompt: section.prompt, fields: section.fields,
                entries: content?.entries ?? [], notApplicable: content?.notApplicable, lethalMeans: content?.lethalMeans)
        }
        quality = view.quality
        tierInForce = view.tier?.rawValue
        licence = view.template.map { Licence(attribution: $0.attribution, text: $0.licenceText, recorded: licenceRecorded || !$0.licenceEvidenceRequired) }
        createdAt = Timestamps.iso8601(plan.createdAt)
        createdBy = plan.createdBy.rawValue
        updatedAt = Timestamps.iso8601(plan.updatedAt)
        activatedAt = plan.activatedAt.map(Timestamps.iso8601)
        supersededAt = plan.supersededAt.map(Timestamps.iso8601)
        supersededBy = plan.supersededBy?.rawValue
    }
}

/// One kept revision, for `GET …/revisions`.
struct SafetyPlanRevisionDTO: Encodable {
    var number: Int
    var author: String
    var authorName: String
    var at: String
    var sections: [String: SafetyPlanContent.Section]

    init(_ revision: SafetyPlanRevision) {
        number = revision.number
        author = revision.author.rawValue
        authorName = revision.authorName
        at = Timestamps.iso8601(revision.at)
        sections = revision.content.sections
    }
}

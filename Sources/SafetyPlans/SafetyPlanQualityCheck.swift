import CrisisCore
import Foundation

/// The check before a plan becomes active (issue 6): every section filled or marked not applicable with a
/// reason; at least one crisis contact with a phone number; lethal means addressed when the tier in force is
/// moderate or higher. Problems block activation; warnings are listed beside the plan, never dropped.
public enum SafetyPlanQualityCheck {
    public struct Finding: Sendable, Equatable, Codable {
        public var section: String?
        public var code: String
        public var message: String

        public init(section: String?, code: String, message: String) {
            self.section = section
            self.code = code
            self.message = message
        }
    }

    public struct Report: Sendable, Equatable, Codable {
        public var problems: [Finding]
        public var warnings: [Finding]
        public var passes: Bool { problems.isEmpty }

        public init(problems: [Finding], warnings: [Finding]) {
            self.problems = problems
            self.warnings = warnings
        }
    }

    /// `tier`: the subject's tier in force (latest screens and open escalations); `nil` when unknown.
    public static func check(_ content: SafetyPlanContent, template: SafetyPlanTemplate, tier: RiskTier?, linkedAssessments: Int) -> Report {
        var problems: [Finding] = []
        var warnings: [Finding] = []
        for section in template.sections {
            let filled = content.sections[section.id]?.filledEntries ?? []
            let reason = content.sections[section.id]?.notApplicable?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if filled.isEmpty && reason.isEmpty {
                problems.append(.init(section: section.id, code: "section-empty", message: "“\(section.heading)” is empty: fill it in or say why it does not apply"))
            } else if filled.isEmpty {
                warnings.append(.init(section: section.id, code: "marked-not-applicable", message: "“\(section.heading)” marked not applicable: \(reason)"))
            }
            if section.contact {
                for entry in filled where !(entry["phone"]?.contains(where: \.isNumber) ?? false) {
                    warnings.append(.init(section: section.id, code: "contact-without-phone", message: "\(entry["name"] ?? "a contact") has no phone number"))
                }
            }
        }
        let contacts = template.sections.filter(\.contact).flatMap { content.sections[$0.id]?.filledEntries ?? [] }
        if !contacts.contains(where: { $0["phone"]?.contains(where: \.isNumber) ?? false }) {
            problems.append(.init(section: nil, code: "no-crisis-contact", message: "at least one person or service to call in a crisis, with a phone number"))
        }
        if let means = template.sections.first(where: \.lethalMeans) {
            let section = content.sections[means.id]
            let addressed = !(section?.filledEntries.isEmpty ?? true) && section?.lethalMeans?.counselled == true
            if !addressed {
                let finding = Finding(
                    section: means.id, code: "lethal-means-not-addressed",
                    message: "lethal means: write what will be made safe and record the lethal-means counselling")
                // Unknown counts as moderate or higher: the conservative choice.
                if tier.map({ $0 >= .moderate }) ?? true { problems.append(finding) } else { warnings.append(finding) }
            }
        }
        if SafetyPlanPrintEstimate.lines(content, template: template) > SafetyPlanPrintEstimate.onePageLimit {
            warnings.append(.init(section: nil, code: "print-too-long", message: "the client's printed copy will run past one page: shorten some entries"))
        }
        if tier == nil {
            warnings.append(.init(section: nil, code: "tier-unknown", message: "no screen on file for this client: lethal means are checked as if the tier were moderate or higher"))
        }
        if linkedAssessments == 0 {
            warnings.append(.init(section: nil, code: "no-linked-screen", message: "the plan is not linked to the screen that prompted it"))
        }
        return Report(problems: problems, warnings: warnings)
    }
}

import CrisisCore
import Foundation
import SafetyPlans
import Workflow

/// The safety-plan editor: every section of the form with its locked heading, its prompt, as many lines as the
/// paper form has, a "does not apply" reason, the lethal-means record, and the quality check's findings.
struct PlanEditorViewModel {
    struct Field {
        var name: String
        var label: String
        var value: String
        var inputID: String
    }

    struct Line {
        var number: Int
        var fields: [Field]
    }

    struct Section {
        var id: String
        var title: String
        var prompt: String
        var lines: [Line]
        var notApplicable: String
        var isLethalMeans: Bool
        var counselled: Bool
        var means: String
    }

    struct Finding {
        var message: String
    }

    var user: String
    var csrf: String
    var id: String
    var title: String
    var status: String
    var revision: Int
    var client: String
    var tier: String
    var sections: [Section]
    var problems: [Finding]
    var warnings: [Finding]
    var hasProblems: Bool
    var hasWarnings: Bool
    var editable: Bool
    var canActivate: Bool
    var licenceNote: String?
    var attribution: String
    var notice: String?
    var errors: [String]
    var hasErrors: Bool

    static let labels = ["text": "Text", "name": "Name", "phone": "Phone", "place": "Place", "hours": "Hours"]

    init(_ view: ManageSafetyPlans.View, session: WebSession, licenceRecorded: Bool, notice: String?, errors: [String]) {
        let plan = view.plan
        user = session.principal.name
        csrf = session.csrfToken
        id = plan.id.rawValue
        title = view.template?.title ?? plan.templateID
        status = plan.status.rawValue
        revision = plan.revision
        client = plan.subject.value
        tier = view.tier?.rawValue ?? "unknown"
        sections = (view.template?.sections ?? []).map { section in
            let content = plan.content.sections[section.id]
            let lines = (0..<section.maxEntries).map { index in
                Line(
                    number: index + 1,
                    fields: section.fields.map { field in
                        Field(
                            name: "s.\(section.id).\(index).\(field)", label: "\(Self.labels[field] ?? field) \(index + 1)",
                            value: index < (content?.entries.count ?? 0) ? content?.entries[index][field] ?? "" : "",
                            inputID: "\(section.id)-\(index)-\(field)")
                    })
            }
            return Section(
                id: section.id, title: (section.step.map { "Step \($0). " } ?? "") + section.heading, prompt: section.prompt, lines: lines,
                notApplicable: content?.notApplicable ?? "", isLethalMeans: section.lethalMeans, counselled: content?.lethalMeans?.counselled ?? false,
                means: content?.lethalMeans?.means.joined(separator: ", ") ?? "")
        }
        problems = view.quality.problems.map { Finding(message: $0.message) }
        warnings = view.quality.warnings.map { Finding(message: $0.message) }
        hasProblems = !problems.isEmpty
        hasWarnings = !warnings.isEmpty
        editable = plan.status != .superseded
        canActivate = plan.status == .draft
        licenceNote = licenceRecorded ? nil : "Evaluation only — licence not recorded. " + (view.template?.licenceText ?? "")
        attribution = view.template?.attribution ?? ""
        self.notice = notice
        self.errors = errors
        hasErrors = !errors.isEmpty
    }

    /// The content a submitted editor form describes: blank lines dropped, a reason kept only when given.
    static func content(_ form: [String: String], template: SafetyPlanTemplate) -> SafetyPlanContent {
        var content = SafetyPlanContent()
        for section in template.sections {
            var read = SafetyPlanContent.Section()
            for index in 0..<section.maxEntries {
                var entry: [String: String] = [:]
                for field in section.fields {
                    if let value = form["s.\(section.id).\(index).\(field)"]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty { entry[field] = value }
                }
                if !entry.isEmpty { read.entries.append(entry) }
            }
            if let reason = form["na.\(section.id)"]?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty { read.notApplicable = reason }
            if section.lethalMeans {
                let means = (form["lm.means"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if form["lm.counselled"] == "yes" || !means.isEmpty { read.lethalMeans = .init(counselled: form["lm.counselled"] == "yes", means: means) }
            }
            if !read.entries.isEmpty || read.notApplicable != nil || read.lethalMeans != nil { content.sections[section.id] = read }
        }
        return content
    }
}

import CrisisCore
import Foundation
import SafetyPlans

/// Use case: write, revise, check, activate and read safety plans. Every read and write is attributed to the
/// authenticated principal in the plan's access log.
public struct ManageSafetyPlans: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        case unknownTemplate(String)
        /// No screen on file for this client: plans are written for clients crisisd knows.
        case unknownSubject
        case unknownAssessment(index: Int)
        case invalidContent([SafetyPlanContentReader.Problem])
        case notFound
        case superseded
        case staleRevision(current: Int)
        case qualityCheckFailed(SafetyPlanQualityCheck.Report)
        case storeUnavailable
    }

    /// A plan as shown: the plan, its template and its quality report against the tier in force now.
    public struct View: Sendable {
        public var plan: SafetyPlan
        public var template: SafetyPlanTemplate?
        public var quality: SafetyPlanQualityCheck.Report
        public var tier: RiskTier?
    }

    private let registry: DefinitionsRegistry
    private let store: any SafetyPlanStore
    private let assessments: any AssessmentStore
    private let summarize: SummarizeRisk
    private let clock: any WallClock
    private let ids: any IdentifierGenerator

    public init(
        registry: DefinitionsRegistry, store: any SafetyPlanStore, assessments: any AssessmentStore, summarize: SummarizeRisk,
        clock: any WallClock, ids: any IdentifierGenerator
    ) {
        self.registry = registry
        self.store = store
        self.assessments = assessments
        self.summarize = summarize
        self.clock = clock
        self.ids = ids
    }

    /// A new draft for a known client; without content for the section marked `prefill`, it is filled from the
    /// crisis resources directory.
    public func create(
        subject: SubjectIdentifier, templateID: String?, assessmentIDs: [AssessmentID], content: SafetyPlanContent, by principal: Principal
    ) async throws(Failure) -> View {
        let library = registry.current.safetyPlans
        let wanted = templateID ?? SafetyPlanLibrary.defaultTemplateID
        guard let template = library.templates[wanted] else { throw .unknownTemplate(wanted) }
        var content = content
        for section in template.sections where section.prefillFromResources && content.sections[section.id] == nil {
            content.sections[section.id] = .init(
                entries: library.resources.prefix(section.maxEntries).map { ["name": $0.name, "phone": $0.phone, "hours": $0.hours] })
        }
        let problems = SafetyPlanContentReader.problems(content, template: template)
        guard problems.isEmpty else { throw .invalidContent(problems) }
        try await guarded {
            guard try await !assessments.assessments(for: subject, limit: 1).isEmpty else { throw Failure.unknownSubject }
            for (index, id) in assessmentIDs.enumerated() {
                guard let assessment = try await assessments.assessment(id: id), assessment.subject == subject else {
                    throw Failure.unknownAssessment(index: index)
                }
            }
        }
        let now = clock.now()
        let id = SafetyPlanID(ids.make(prefix: "spl"))
        let plan = SafetyPlan(
            id: id, subject: subject, templateID: template.id, templateVersion: template.version, templateHash: template.hash, status: .draft,
            revision: 1, content: content, assessments: assessmentIDs, createdAt: now, createdBy: principal.id, updatedAt: now)
        try await guarded {
            try await store.createPlan(
                plan, revision: SafetyPlanRevision(planID: id, number: 1, content: content, author: principal.id, authorName: principal.name, at: now))
            try await store.recordAccess(plan: id, principal: principal.id, action: "create", at: now)
        }
        return try await view(plan)
    }

    /// A new revision on top of `basedOn` (the revision the writer saw); a superseded plan is history.
    public func revise(_ id: SafetyPlanID, basedOn: Int, content: SafetyPlanContent, by principal: Principal) async throws(Failure) -> View {
        let plan = try await load(id)
        guard let template = registry.current.safetyPlans.templates[plan.templateID] else { throw .unknownTemplate(plan.templateID) }
        let problems = SafetyPlanContentReader.problems(content, template: template)
        guard problems.isEmpty else { throw .invalidContent(problems) }
        let now = clock.now()
        let revised = try await guarded {
            let revised = try await store.revisePlan(
                id, basedOn: basedOn,
                revision: SafetyPlanRevision(planID: id, number: basedOn + 1, content: content, author: principal.id, authorName: principal.name, at: now))
            try await store.recordAccess(plan: id, principal: principal.id, action: "revise", at: now)
            return revised
        }
        return try await view(revised)
    }

    /// Runs the quality check against the tier in force and, when it passes, makes the plan the client's
    /// active one (superseding the previous), in one transaction.
    public func activate(_ id: SafetyPlanID, by principal: Principal) async throws(Failure) -> View {
        let plan = try await load(id)
        guard let template = registry.current.safetyPlans.templates[plan.templateID] else { throw .unknownTemplate(plan.templateID) }
        let tier = try await guarded { try await summarize([plan.subject]).highestTier }
        let now = clock.now()
        let activated = try await guarded {
            let activated = try await store.activatePlan(id, at: now) { current in
                let report = SafetyPlanQualityCheck.check(
                    current.content, template: template, tier: tier, linkedAssessments: current.assessments.count)
                guard report.passes else { throw Failure.qualityCheckFailed(report) }
            }
            try await store.recordAccess(plan: id, principal: principal.id, action: "activate", at: now)
            return activated
        }
        return try await view(activated, tier: tier)
    }

    /// Reads a plan, recording who read it and why (`read`, `print`, `export`).
    public func read(_ id: SafetyPlanID, by principal: Principal, action: String = "read") async throws(Failure) -> View {
        let plan = try await load(id)
        try await guarded { try await store.recordAccess(plan: id, principal: principal.id, action: action, at: clock.now()) }
        return try await view(plan)
    }

    public func list(subject: SubjectIdentifier, by principal: Principal) async throws(Failure) -> [SafetyPlan] {
        try await guarded {
            let plans = try await store.plans(subject: subject)
            for plan in plans { try await store.recordAccess(plan: plan.id, principal: principal.id, action: "list", at: clock.now()) }
            return plans
        }
    }

    public func revisions(_ id: SafetyPlanID, by principal: Principal) async throws(Failure) -> [SafetyPlanRevision] {
        _ = try await load(id)
        return try await guarded {
            try await store.recordAccess(plan: id, principal: principal.id, action: "read_revisions", at: clock.now())
            return try await store.revisions(of: id)
        }
    }

    private func load(_ id: SafetyPlanID) async throws(Failure) -> SafetyPlan {
        guard let plan = try await guarded({ try await store.plan(id: id) }) else { throw .notFound }
        return plan
    }

    private func view(_ plan: SafetyPlan, tier known: RiskTier?? = nil) async throws(Failure) -> View {
        let template = registry.current.safetyPlans.templates[plan.templateID]
        let tier: RiskTier?
        if let known { tier = known } else { tier = try await guarded { try await summarize([plan.subject]).highestTier } }
        let quality = template.map {
            SafetyPlanQualityCheck.check(plan.content, template: $0, tier: tier, linkedAssessments: plan.assessments.count)
        } ?? .init(problems: [.init(section: nil, code: "template-not-loaded", message: "template \(plan.templateID) is not loaded")], warnings: [])
        return View(plan: plan, template: template, quality: quality, tier: tier)
    }

    /// Maps store refusals and failures to `Failure`.
    private func guarded<T>(_ body: () async throws -> T) async throws(Failure) -> T {
        do {
            return try await body()
        } catch let failure as Failure {
            throw failure
        } catch let refusal as SafetyPlanRefusal {
            switch refusal {
            case .notFound: throw .notFound
            case .superseded: throw .superseded
            case .staleRevision(let current): throw .staleRevision(current: current)
            }
        } catch {
            throw .storeUnavailable
        }
    }
}

import Foundation

/// Why a plan change was refused by the store.
public enum SafetyPlanRefusal: Error, Sendable, Equatable {
    case notFound
    /// A superseded plan is history: it cannot be revised or made active again.
    case superseded
    /// The revision was based on an older one than the current (someone else saved in between).
    case staleRevision(current: Int)
}

/// Stored safety plans, their revisions, their links to screens, and who read or changed them (port).
public protocol SafetyPlanStore: Sendable {
    /// Stores a new draft plan and its first revision.
    func createPlan(_ plan: SafetyPlan, revision: SafetyPlanRevision) async throws
    /// Adds a revision on top of `basedOn`; throws `SafetyPlanRefusal`. Returns the plan as it now is.
    func revisePlan(_ id: SafetyPlanID, basedOn: Int, revision: SafetyPlanRevision) async throws -> SafetyPlan
    /// Makes the plan active and supersedes the subject's other active plan, in one transaction, after `check`
    /// accepts the plan as stored at that moment; throws `SafetyPlanRefusal`, or what `check` throws.
    func activatePlan(_ id: SafetyPlanID, at: Date, check: @Sendable (SafetyPlan) throws -> Void) async throws -> SafetyPlan
    func plan(id: SafetyPlanID) async throws -> SafetyPlan?
    /// The subject's plans, newest first.
    func plans(subject: SubjectIdentifier) async throws -> [SafetyPlan]
    func activePlan(subject: SubjectIdentifier) async throws -> SafetyPlan?
    func revisions(of id: SafetyPlanID) async throws -> [SafetyPlanRevision]
    /// Audit: who did what to which plan (`read`, `print`, `export`, `create`, `revise`, `activate`).
    func recordAccess(plan: SafetyPlanID, principal: PrincipalID, action: String, at: Date) async throws
    func accessLog(plan: SafetyPlanID) async throws -> [(principal: PrincipalID, action: String, at: Date)]
}

import CrisisCore
import Foundation

/// A subject's current risk as decision support shows it: the latest screen per domain with the tier in force
/// (overrides applied), and the open escalation episodes. No answers, no free text.
public struct RiskSummary: Sendable {
    public struct Latest: Sendable {
        public var assessmentID: AssessmentID
        public var domain: RiskDomain
        public var protocolID: ProtocolID
        public var tier: RiskTier
        public var needsReview: Bool
        public var completedAt: Date
    }

    public var latest: [Latest]
    public var openEpisodes: [Episode]
    /// The client's active safety plan, under any of the identifiers asked about.
    public var activeSafetyPlan: SafetyPlan?

    /// The highest tier in force: the latest screen per domain, and any escalation still open (a later, lower
    /// screen does not close an open high episode); `nil` when there is neither.
    public var highestTier: RiskTier? { (latest.map(\.tier) + openEpisodes.map(\.tier)).max() }
    public var unacknowledged: [Episode] { openEpisodes.filter { $0.acknowledgements.isEmpty } }
}

/// Use case: the summary for every identifier a subject is known by (an EHR may know a patient by its
/// FHIR id and by several identifiers; crisisd keys subjects by identifier).
public struct SummarizeRisk: Sendable {
    private let assessments: any AssessmentStore
    private let overrides: any OverrideStore
    private let episodes: any EpisodeStore
    private let safetyPlans: (any SafetyPlanStore)?

    public init(
        assessments: any AssessmentStore, overrides: any OverrideStore, episodes: any EpisodeStore, safetyPlans: (any SafetyPlanStore)? = nil
    ) {
        self.assessments = assessments
        self.overrides = overrides
        self.episodes = episodes
        self.safetyPlans = safetyPlans
    }

    public func callAsFunction(_ subjects: [SubjectIdentifier]) async throws -> RiskSummary {
        var latestByDomain: [RiskDomain: RiskSummary.Latest] = [:]
        var open: [EpisodeID: Episode] = [:]
        var plan: SafetyPlan?
        for subject in Set(subjects) {
            if plan == nil, let found = try await safetyPlans?.activePlan(subject: subject) { plan = found }
            for assessment in try await assessments.assessments(for: subject, limit: 50) {
                let domain = assessment.evaluation.domain
                if let known = latestByDomain[domain], known.completedAt >= assessment.completedAt { continue }
                let tier = TierOverride.finalTier(
                    computed: assessment.evaluation.tier, overrides: try await overrides.overrides(for: assessment.id))
                latestByDomain[domain] = .init(
                    assessmentID: assessment.id, domain: domain, protocolID: assessment.evaluation.protocolID, tier: tier,
                    needsReview: assessment.evaluation.isInvalid || assessment.evaluation.flags.contains("review_required"),
                    completedAt: assessment.completedAt)
            }
            for episode in try await episodes.openEpisodes(subject: subject) { open[episode.id] = episode }
        }
        return RiskSummary(
            latest: latestByDomain.values.sorted { $0.tier > $1.tier || ($0.tier == $1.tier && $0.domain.rawValue < $1.domain.rawValue) },
            openEpisodes: open.values.sorted { $0.createdAt < $1.createdAt }, activeSafetyPlan: plan)
    }
}

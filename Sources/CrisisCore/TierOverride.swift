import Foundation

/// A clinician's change of an assessment's tier, with the reason; the computed tier is never edited.
public struct TierOverride: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// In force.
        case effective
        /// Lowers `high`: the tier stays `high` until a supervisor co-signs (design notes §2).
        case pendingCosign = "pending_cosign"
    }

    public var id: String
    public var assessmentID: AssessmentID
    /// The final tier when the change was requested.
    public var fromTier: RiskTier
    public var toTier: RiskTier
    /// The clinician's reason: part of the clinical record, never logged or paged.
    public var reason: String
    public var requestedBy: PrincipalID
    public var requestedAt: Date
    public var status: Status
    public var cosignedBy: PrincipalID?
    public var cosignedAt: Date?

    public init(
        id: String, assessmentID: AssessmentID, fromTier: RiskTier, toTier: RiskTier, reason: String,
        requestedBy: PrincipalID, requestedAt: Date, status: Status, cosignedBy: PrincipalID? = nil, cosignedAt: Date? = nil
    ) {
        self.id = id
        self.assessmentID = assessmentID
        self.fromTier = fromTier
        self.toTier = toTier
        self.reason = reason
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.status = status
        self.cosignedBy = cosignedBy
        self.cosignedAt = cosignedAt
    }

    /// Whether a change from one tier to another needs a co-signature before it takes effect.
    public static func needsCosign(from: RiskTier, to: RiskTier) -> Bool {
        from == .high && to < .high
    }

    /// The tier in force: the latest effective override's, or the computed tier when there is none.
    public static func finalTier(computed: RiskTier, overrides: [TierOverride]) -> RiskTier {
        overrides.filter { $0.status == .effective }
            .max { ($0.cosignedAt ?? $0.requestedAt) < ($1.cosignedAt ?? $1.requestedAt) }?.toTier ?? computed
    }
}

/// Stored tier overrides (port).
public protocol OverrideStore: Sendable {
    /// Stores the override and, when given, the episode change it causes (a raised tier pages), in one transaction;
    /// `escalate` receives the subject's open episode in the assessment's domain.
    func addOverride(_ override: TierOverride, escalate: (@Sendable (Episode?) -> EpisodeCommit?)?) async throws
    /// Overrides of an assessment, oldest first.
    func overrides(for id: AssessmentID) async throws -> [TierOverride]
    /// Marks a pending override co-signed; returns it, or `nil` when it was not pending (already signed, or unknown).
    func cosign(overrideID: String, assessmentID: AssessmentID, by principal: PrincipalID, at date: Date) async throws
        -> TierOverride?
}

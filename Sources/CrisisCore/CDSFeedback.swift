import Foundation

/// What a clinician did with a CDS Hooks card (`POST /cds-services/{id}/feedback`). Overrides of a critical
/// crisis card belong in the audit trail and in rule-quality review.
public struct CDSFeedback: Sendable, Hashable {
    public enum Outcome: String, Sendable { case accepted, overridden }

    public var service: String
    public var card: String
    public var outcome: Outcome
    public var outcomeAt: Date
    public var overrideSystem: String?
    public var overrideCode: String?
    /// The clinician's own words; stored, never logged.
    public var userComment: String?
    public var client: PrincipalID
    public var receivedAt: Date

    public init(
        service: String, card: String, outcome: Outcome, outcomeAt: Date, overrideSystem: String?, overrideCode: String?,
        userComment: String?, client: PrincipalID, receivedAt: Date
    ) {
        self.service = service
        self.card = card
        self.outcome = outcome
        self.outcomeAt = outcomeAt
        self.overrideSystem = overrideSystem
        self.overrideCode = overrideCode
        self.userComment = userComment
        self.client = client
        self.receivedAt = receivedAt
    }
}

/// Stored card feedback (port). Clients may send the same feedback again; storing it twice is a no-op.
public protocol CDSFeedbackStore: Sendable {
    /// Stores every entry in one transaction; returns how many were new.
    func record(_ feedback: [CDSFeedback]) async throws -> Int
    func feedback(card: String) async throws -> [CDSFeedback]
}

import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: OverrideStore {
    public func addOverride(_ override: TierOverride, escalate: (@Sendable (Episode?) -> EpisodeCommit?)?) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tier_override (id, assessment_id, from_tier, to_tier, reason, requested_by, requested_at, status,
                        cosigned_by, cosigned_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    override.id, override.assessmentID.rawValue, override.fromTier.rawValue, override.toTier.rawValue,
                    override.reason, override.requestedBy.rawValue, override.requestedAt, override.status.rawValue,
                    override.cosignedBy?.rawValue, override.cosignedAt,
                ])
            if let escalate, let assessment = try Self.fetchAssessment(db, id: override.assessmentID) {
                let open = try Self.openEpisode(db, subject: assessment.subject, domain: assessment.evaluation.domain)
                if let commit = escalate(open) { try Self.save(commit, db) }
            }
        }
    }

    public func overrides(for id: AssessmentID) async throws -> [TierOverride] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM tier_override WHERE assessment_id = ? ORDER BY requested_at, id", arguments: [id.rawValue]
            ).map(Self.override(from:))
        }
    }

    public func cosign(overrideID: String, assessmentID: AssessmentID, by principal: PrincipalID, at date: Date) async throws
        -> TierOverride?
    {
        try await pool.write { db in
            // Only a pending override is signed; a second, concurrent co-sign changes nothing.
            try db.execute(
                sql: """
                    UPDATE tier_override SET status = 'effective', cosigned_by = ?, cosigned_at = ?
                    WHERE id = ? AND assessment_id = ? AND status = 'pending_cosign'
                    """,
                arguments: [principal.rawValue, date, overrideID, assessmentID.rawValue])
            guard db.changesCount > 0 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM tier_override WHERE id = ?", arguments: [overrideID]).map(Self.override(from:))
        }
    }

    static func override(from row: Row) -> TierOverride {
        TierOverride(
            id: row["id"], assessmentID: AssessmentID(row["assessment_id"]),
            fromTier: RiskTier(rawValue: row["from_tier"]) ?? .high, toTier: RiskTier(rawValue: row["to_tier"]) ?? .high,
            reason: row["reason"], requestedBy: PrincipalID(row["requested_by"]), requestedAt: row["requested_at"],
            status: TierOverride.Status(rawValue: row["status"]) ?? .pendingCosign,
            cosignedBy: (row["cosigned_by"] as String?).map(PrincipalID.init), cosignedAt: row["cosigned_at"])
    }
}

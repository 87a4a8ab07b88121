import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: CDSFeedbackStore {
    public func record(_ feedback: [CDSFeedback]) async throws -> Int {
        try await pool.write { db in
            var new = 0
            for entry in feedback {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO cds_feedback (service, card, outcome, outcome_at, override_system, override_code,
                            user_comment, client_principal_id, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        entry.service, entry.card, entry.outcome.rawValue, entry.outcomeAt, entry.overrideSystem, entry.overrideCode,
                        entry.userComment, entry.client.rawValue, entry.receivedAt,
                    ])
                new += db.changesCount
            }
            return new
        }
    }

    public func feedback(card: String) async throws -> [CDSFeedback] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cds_feedback WHERE card = ? ORDER BY outcome_at", arguments: [card]).compactMap { row in
                guard let outcome = CDSFeedback.Outcome(rawValue: row["outcome"]) else { return nil }
                return CDSFeedback(
                    service: row["service"], card: row["card"], outcome: outcome, outcomeAt: row["outcome_at"],
                    overrideSystem: row["override_system"], overrideCode: row["override_code"], userComment: row["user_comment"],
                    client: PrincipalID(row["client_principal_id"]), receivedAt: row["received_at"])
            }
        }
    }
}

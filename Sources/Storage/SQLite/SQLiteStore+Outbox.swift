import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: OutboxStore {
    public func duePages(now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?",
                arguments: [now, limit]
            ).map(Self.page(from:))
        }
    }

    public func nextAttemptDate() async throws -> Date? {
        try await pool.read { db in
            try Date.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'")
        }
    }

    public func markDelivered(_ page: OutboxMessage, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, finished_at = ?, last_error = NULL WHERE id = ?",
                arguments: [at, page.id.rawValue])
            try Self.recordAttempt(page, result: "delivered", reason: nil, at: at, db)
        }
    }

    public func markRetry(_ page: OutboxMessage, reason: String, at: Date, nextAttemptAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending'",
                arguments: [reason, nextAttemptAt, page.id.rawValue])
            try Self.recordAttempt(page, result: "retryable_failure", reason: reason, at: at, db)
        }
    }

    public func markFailed(_ page: OutboxMessage, reason: String, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, finished_at = ? WHERE id = ?",
                arguments: [reason, at, page.id.rawValue])
            try Self.recordAttempt(page, result: "permanent_failure", reason: reason, at: at, db)
        }
    }

    public func handOn(_ next: OutboxMessage, from failing: PageID) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE outbox SET alternates = '[]' WHERE id = ?", arguments: [failing.rawValue])
            try Self.insert(next, db)
        }
    }

    public func enqueue(_ pages: [OutboxMessage]) async throws {
        try await pool.write { db in
            for page in pages { try Self.insert(page, db) }
        }
    }

    public func pendingCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") ?? 0 }
    }

    public func rescheduleAllPending(at date: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at > ?", arguments: [date, date])
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") ?? 0
        }
    }

    /// Timeline entry for one delivery attempt of an episode's page (who, when, channel, result).
    private static func recordAttempt(_ page: OutboxMessage, result: String, reason: String?, at: Date, _ db: Database) throws {
        guard let episode = page.episodeID else { return }
        var detail = [
            "page": page.id.rawValue, "receiver": page.receiver, "event": page.eventType, "attempt": "\(page.attempts + 1)",
            "result": result,
        ]
        if let recipient = page.recipient { detail["recipient"] = recipient }
        if let reason { detail["reason"] = reason }
        try insert(EpisodeEvent(at: at, kind: .delivery, detail: detail), episode: episode, db)
    }

    static func insert(_ page: OutboxMessage, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (id, receiver, assessment_id, episode_id, firing, recipient, event_type, body, status, attempts,
                    created_at, next_attempt_at, last_error, alternates)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                page.id.rawValue, page.receiver, page.assessmentID?.rawValue, page.episodeID?.rawValue, page.firing, page.recipient,
                page.eventType, Data(page.body), page.status.rawValue, page.attempts, page.createdAt, page.nextAttemptAt,
                page.lastError, ColumnJSON.encode(strings: page.alternates),
            ])
    }

    static func fetchPages(_ db: Database, assessment: AssessmentID) throws -> [OutboxMessage] {
        try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE assessment_id = ? ORDER BY created_at, id", arguments: [assessment.rawValue])
            .map(page(from:))
    }

    static func page(from row: Row) -> OutboxMessage {
        let body: Data = row["body"]
        return OutboxMessage(
            id: PageID(row["id"]), receiver: row["receiver"], assessmentID: (row["assessment_id"] as String?).map(AssessmentID.init),
            episodeID: (row["episode_id"] as String?).map(EpisodeID.init), firing: row["firing"], recipient: row["recipient"],
            eventType: row["event_type"], body: Array(body), status: OutboxMessage.Status(rawValue: row["status"]) ?? .pending,
            attempts: row["attempts"], createdAt: row["created_at"], nextAttemptAt: row["next_attempt_at"],
            lastError: row["last_error"], alternates: ColumnJSON.decodeStrings(row["alternates"]))
    }
}

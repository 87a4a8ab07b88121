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

    public func markDelivered(_ id: PageID, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, finished_at = ?, last_error = NULL WHERE id = ?",
                arguments: [at, id.rawValue])
        }
    }

    public func markRetry(_ id: PageID, reason: String, nextAttemptAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending'",
                arguments: [reason, nextAttemptAt, id.rawValue])
        }
    }

    public func markFailed(_ id: PageID, reason: String, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, finished_at = ? WHERE id = ?",
                arguments: [reason, at, id.rawValue])
        }
    }

    public func enqueueFallback(_ fallback: OutboxMessage, replacing failing: PageID) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE outbox SET fallback_receiver = NULL WHERE id = ?", arguments: [failing.rawValue])
            try Self.insert(fallback, db)
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

    static func insert(_ page: OutboxMessage, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (id, receiver, assessment_id, event_type, body, status, attempts, created_at, next_attempt_at,
                    last_error, fallback_receiver)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                page.id.rawValue, page.receiver, page.assessmentID?.rawValue, page.eventType, Data(page.body),
                page.status.rawValue, page.attempts, page.createdAt, page.nextAttemptAt, page.lastError, page.fallbackReceiver,
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
            eventType: row["event_type"], body: Array(body), status: OutboxMessage.Status(rawValue: row["status"]) ?? .pending,
            attempts: row["attempts"], createdAt: row["created_at"], nextAttemptAt: row["next_attempt_at"],
            lastError: row["last_error"], fallbackReceiver: row["fallback_receiver"])
    }
}

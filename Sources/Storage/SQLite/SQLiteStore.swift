import CrisisCore
import Foundation
import GRDB

/// The default store: one SQLite file in WAL mode, `synchronous=FULL`, foreign keys on.
///
/// With WAL and `synchronous=FULL` a transaction is fsynced before `COMMIT` returns, so a 2xx sent after
/// the commit means the row survives `kill -9` and power loss (NORMAL could lose the last commits on power loss).
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    /// Batches concurrent submissions into shared transactions (one fsync per batch).
    let committer: GroupCommitter<AssessmentSubmission, SubmissionOutcome>

    /// Opens (creating if needed) the database file and applies pending migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        self.pool = pool
        committer = GroupCommitter { batch in await Self.commit(batch, pool: pool) }
        // GRDB switches the writer to WAL after `prepareDatabase`, and Debian's SQLite (built with
        // SQLITE_DEFAULT_WAL_SYNCHRONOUS=1) drops to NORMAL on that switch: set FULL again on the writer.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try SQLiteMigrations.migrator().migrate(pool)
    }

    /// The live `journal_mode` and `synchronous` settings, for the durability test and `/readyz`.
    public func durabilitySettings() async throws -> (journalMode: String, synchronous: Int) {
        try await pool.write { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            return (mode, synchronous)
        }
    }

    /// Whether the database answers a trivial query.
    public func isHealthy() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// Closes the pool; further calls fail.
    public func close() throws { try pool.close() }

    /// Counts rows in a table (tests and metrics).
    public func count(table: String) async throws -> Int {
        guard ["assessment", "outbox", "idempotency_key", "api_token", "tier_override", "episode", "episode_event"].contains(table) else { return 0 }
        return try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}

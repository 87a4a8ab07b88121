import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: InboundWebhookStore {
    public func hasSeen(source: String, id: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM inbound_webhook WHERE source = ? AND id = ?)", arguments: [source, id]) ?? false
        }
    }

    public func recordSeen(source: String, id: String, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO inbound_webhook (source, id, received_at) VALUES (?, ?, ?)", arguments: [source, id, at])
        }
    }
}

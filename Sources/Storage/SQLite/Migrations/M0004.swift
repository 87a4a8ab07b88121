import GRDB

/// Licensed content: administrators record the evidence a protocol's licence needs (design notes §7).
enum M0004 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE licence_evidence (
                    protocol_id TEXT NOT NULL,
                    evidence TEXT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX licence_evidence_protocol ON licence_evidence(protocol_id, recorded_at);
                """)
    }
}

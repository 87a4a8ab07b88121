import GRDB

/// Clinical judgment: tier overrides with their reason, and the co-signature lowering `high` needs.
enum M0003 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE tier_override (
                    id TEXT PRIMARY KEY,
                    assessment_id TEXT NOT NULL REFERENCES assessment(id),
                    from_tier TEXT NOT NULL,
                    to_tier TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    requested_by TEXT NOT NULL,
                    requested_at TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('effective', 'pending_cosign')),
                    cosigned_by TEXT,
                    cosigned_at TEXT
                );
                CREATE INDEX tier_override_assessment ON tier_override(assessment_id);
                """)
    }
}

import GRDB

/// Inbound webhooks already acted on (PagerDuty delivers at least once; `X-Webhook-Id` identifies a delivery).
enum M0006 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE inbound_webhook (
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    PRIMARY KEY (source, id)
                );
                """)
    }
}

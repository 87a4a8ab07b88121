import GRDB

/// Protocol library: evaluations can name follow-up protocols (PHQ-9 item 9 → same-day C-SSRS).
enum M0002 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE assessment ADD COLUMN follow_ups TEXT NOT NULL DEFAULT '[]'")
    }
}

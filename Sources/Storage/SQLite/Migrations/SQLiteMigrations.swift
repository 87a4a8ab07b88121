import GRDB

/// Numbered, append-only schema migrations; never edit one that has shipped, add the next.
enum SQLiteMigrations {
    static let all: [(name: String, apply: @Sendable (Database) throws -> Void)] = [
        ("0001_create_assessments_outbox_tokens", M0001.apply),
        ("0002_assessment_follow_ups", M0002.apply),
        ("0003_tier_overrides", M0003.apply),
        ("0004_licence_evidence", M0004.apply),
        ("0005_escalation_episodes", M0005.apply),
        ("0006_inbound_webhooks", M0006.apply),
        ("0007_source_documents", M0007.apply),
        ("0008_clients_tokens_cds_feedback", M0008.apply),
        ("0009_safety_plans", M0009.apply),
        ("0010_users_sessions", M0010.apply),
    ]

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all { migrator.registerMigration(migration.name, migrate: migration.apply) }
        return migrator
    }
}

import GRDB

/// Escalation episodes: one open episode per subject and domain (a unique partial index), its timeline, and
/// outbox rows that know their episode, paging round, recipient and alternate channels.
enum M0005 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE episode (
                    id TEXT PRIMARY KEY,
                    subject_system TEXT NOT NULL,
                    subject_value TEXT NOT NULL,
                    domain TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('notified', 'acknowledged', 'resolved')),
                    next_due_at TEXT,
                    firing INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    document TEXT NOT NULL
                );
                CREATE UNIQUE INDEX episode_open_subject ON episode(subject_system, subject_value, domain)
                    WHERE state != 'resolved';
                CREATE INDEX episode_due ON episode(next_due_at) WHERE state != 'resolved';

                CREATE TABLE episode_assessment (
                    episode_id TEXT NOT NULL REFERENCES episode(id),
                    assessment_id TEXT NOT NULL REFERENCES assessment(id),
                    PRIMARY KEY (assessment_id, episode_id)
                );

                -- Append-only: rows are never updated or deleted.
                CREATE TABLE episode_event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    episode_id TEXT NOT NULL REFERENCES episode(id),
                    at TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    actor TEXT,
                    detail TEXT NOT NULL
                );
                CREATE INDEX episode_event_episode ON episode_event(episode_id, seq);
                CREATE TRIGGER episode_event_append_only_update BEFORE UPDATE ON episode_event
                    BEGIN SELECT RAISE(ABORT, 'episode_event is append-only'); END;
                CREATE TRIGGER episode_event_append_only_delete BEFORE DELETE ON episode_event
                    BEGIN SELECT RAISE(ABORT, 'episode_event is append-only'); END;

                ALTER TABLE outbox ADD COLUMN episode_id TEXT REFERENCES episode(id);
                ALTER TABLE outbox ADD COLUMN firing INTEGER;
                ALTER TABLE outbox ADD COLUMN recipient TEXT;
                ALTER TABLE outbox ADD COLUMN alternates TEXT NOT NULL DEFAULT '[]';
                CREATE INDEX outbox_episode ON outbox(episode_id, firing);
                """)
    }
}

import GRDB

/// Safety plans: the plan (status, current revision), every revision (append-only), the screens that
/// prompted it, and who read or changed it. At most one active plan per subject, enforced by the schema.
enum M0009 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE safety_plan (
                    id TEXT PRIMARY KEY,
                    subject_system TEXT NOT NULL,
                    subject_value TEXT NOT NULL,
                    template_id TEXT NOT NULL,
                    template_version TEXT NOT NULL,
                    template_hash TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'superseded')),
                    revision INTEGER NOT NULL,
                    assessments TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    activated_at TEXT,
                    superseded_at TEXT,
                    superseded_by TEXT
                );
                CREATE INDEX safety_plan_subject ON safety_plan(subject_system, subject_value);
                CREATE UNIQUE INDEX safety_plan_one_active ON safety_plan(subject_system, subject_value) WHERE status = 'active';

                CREATE TABLE safety_plan_revision (
                    plan_id TEXT NOT NULL REFERENCES safety_plan(id),
                    number INTEGER NOT NULL,
                    content TEXT NOT NULL,
                    author TEXT NOT NULL,
                    author_name TEXT NOT NULL,
                    at TEXT NOT NULL,
                    PRIMARY KEY (plan_id, number)
                );
                CREATE TRIGGER safety_plan_revision_no_update BEFORE UPDATE ON safety_plan_revision
                    BEGIN SELECT RAISE(ABORT, 'safety plan revisions are append-only'); END;
                CREATE TRIGGER safety_plan_revision_no_delete BEFORE DELETE ON safety_plan_revision
                    BEGIN SELECT RAISE(ABORT, 'safety plan revisions are append-only'); END;

                CREATE TABLE safety_plan_access (
                    plan_id TEXT NOT NULL,
                    principal_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    at TEXT NOT NULL
                );
                CREATE INDEX safety_plan_access_plan ON safety_plan_access(plan_id, at);
                CREATE TRIGGER safety_plan_access_no_update BEFORE UPDATE ON safety_plan_access
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                CREATE TRIGGER safety_plan_access_no_delete BEFORE DELETE ON safety_plan_access
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                """)
    }
}

import GRDB

/// Walking skeleton schema: API tokens, assessments with their evaluation, the page outbox, idempotency keys.
enum M0001 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE api_token (
                    principal_id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('ehr', 'clinician', 'supervisor', 'admin')),
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                -- Names identify tokens for revocation: unique among active tokens.
                CREATE UNIQUE INDEX api_token_active_name ON api_token(name) WHERE revoked_at IS NULL;

                CREATE TABLE assessment (
                    id TEXT PRIMARY KEY,
                    subject_system TEXT NOT NULL,
                    subject_value TEXT NOT NULL,
                    site TEXT,
                    protocol_id TEXT NOT NULL,
                    protocol_version TEXT NOT NULL,
                    protocol_hash TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    tier TEXT NOT NULL,
                    domain TEXT NOT NULL,
                    score INTEGER,
                    flags TEXT NOT NULL,
                    action_class TEXT NOT NULL,
                    action_within_minutes INTEGER,
                    action_text TEXT NOT NULL,
                    fired TEXT NOT NULL,
                    problems TEXT NOT NULL,
                    answers TEXT NOT NULL,
                    completed_at TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    submitted_by TEXT NOT NULL
                );
                CREATE INDEX assessment_subject ON assessment(subject_system, subject_value);

                CREATE TABLE outbox (
                    id TEXT PRIMARY KEY,
                    receiver TEXT NOT NULL,
                    assessment_id TEXT REFERENCES assessment(id),
                    event_type TEXT NOT NULL,
                    body BLOB NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    next_attempt_at TEXT NOT NULL,
                    last_error TEXT,
                    fallback_receiver TEXT,
                    finished_at TEXT
                );
                CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

                CREATE TABLE idempotency_key (
                    principal_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_digest TEXT NOT NULL,
                    assessment_id TEXT NOT NULL REFERENCES assessment(id),
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (principal_id, key)
                );
                """)
    }
}

import GRDB

/// Web UI: local accounts, browser sessions, sign-in attempts (rate limiting), and the audit of page views that
/// show patient data (append-only).
enum M0010 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE user_account (
                    principal_id TEXT PRIMARY KEY,
                    username TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('clinician', 'supervisor', 'admin')),
                    password_hash TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    disabled_at TEXT
                );
                CREATE UNIQUE INDEX user_account_active_name ON user_account(username) WHERE disabled_at IS NULL;

                CREATE TABLE web_session (
                    token_hash TEXT PRIMARY KEY,
                    principal_id TEXT NOT NULL REFERENCES user_account(principal_id),
                    csrf_token TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    last_seen_at TEXT NOT NULL
                );

                CREATE TABLE sign_in_attempt (
                    username TEXT NOT NULL,
                    succeeded INTEGER NOT NULL,
                    at TEXT NOT NULL
                );
                CREATE INDEX sign_in_attempt_name ON sign_in_attempt(username, at);

                CREATE TABLE page_view (
                    principal_id TEXT NOT NULL,
                    page TEXT NOT NULL,
                    subject_system TEXT,
                    subject_value TEXT,
                    at TEXT NOT NULL
                );
                CREATE TRIGGER page_view_no_update BEFORE UPDATE ON page_view
                    BEGIN SELECT RAISE(ABORT, 'the page-view audit is append-only'); END;
                CREATE TRIGGER page_view_no_delete BEFORE DELETE ON page_view
                    BEGIN SELECT RAISE(ABORT, 'the page-view audit is append-only'); END;
                """)
    }
}

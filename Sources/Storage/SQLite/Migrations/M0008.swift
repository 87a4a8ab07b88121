import GRDB

/// Registered systems (SMART Backend Services and CDS Hooks clients), the access tokens issued to them, JWT
/// ids already used (replay refusal), and CDS Hooks card feedback.
enum M0008 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE api_client (
                    id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('smart', 'cds-hooks')),
                    name TEXT NOT NULL,
                    principal_id TEXT NOT NULL UNIQUE,
                    jwks TEXT NOT NULL,
                    allowed_scopes TEXT NOT NULL,
                    tls_subject TEXT,
                    tenant TEXT,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                CREATE UNIQUE INDEX api_client_active_id ON api_client(kind, id) WHERE revoked_at IS NULL;
                CREATE UNIQUE INDEX api_client_active_name ON api_client(name) WHERE revoked_at IS NULL;
                CREATE UNIQUE INDEX api_client_active_tls ON api_client(tls_subject)
                    WHERE revoked_at IS NULL AND tls_subject IS NOT NULL;

                CREATE TABLE access_token (
                    token_hash TEXT PRIMARY KEY,
                    client_principal_id TEXT NOT NULL REFERENCES api_client(principal_id),
                    scopes TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                );
                CREATE INDEX access_token_expiry ON access_token(expires_at);

                CREATE TABLE used_jti (
                    issuer TEXT NOT NULL,
                    jti TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    PRIMARY KEY (issuer, jti)
                );
                CREATE INDEX used_jti_expiry ON used_jti(expires_at);

                CREATE TABLE cds_feedback (
                    service TEXT NOT NULL,
                    card TEXT NOT NULL,
                    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
                    outcome_at TEXT NOT NULL,
                    override_code TEXT,
                    override_system TEXT,
                    user_comment TEXT,
                    client_principal_id TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    PRIMARY KEY (card, outcome, outcome_at)
                );
                """)
    }
}

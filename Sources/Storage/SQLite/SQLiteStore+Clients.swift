import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: ClientStore {
    public func register(_ client: RegisteredClient) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO api_client (id, kind, name, principal_id, jwks, allowed_scopes, tls_subject, tenant, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        client.id, client.kind.rawValue, client.name, client.principalID.rawValue, client.jwks,
                        Self.scopeText(client.allowedScopes), client.tlsSubject, client.tenant, client.createdAt,
                    ])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.duplicateName("\(client.name) (or client id \(client.id), or TLS subject)")
        }
    }

    public func revokeClient(name: String, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE api_client SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [at, name])
            return db.changesCount > 0
        }
    }

    public func clients() async throws -> [RegisteredClient] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_client ORDER BY created_at").compactMap(Self.client)
        }
    }

    public func client(id: String, kind: RegisteredClient.Kind) async throws -> RegisteredClient? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM api_client WHERE id = ? AND kind = ? AND revoked_at IS NULL", arguments: [id, kind.rawValue]
            ).flatMap(Self.client)
        }
    }

    public func client(tlsSubject: String) async throws -> RegisteredClient? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM api_client WHERE tls_subject = ? AND kind = 'smart' AND revoked_at IS NULL",
                arguments: [tlsSubject]
            ).flatMap(Self.client)
        }
    }

    public func recordAccessToken(hash: String, clientID: String, scopes: [AccessScope], expiresAt: Date) async throws {
        try await pool.write { db in
            // Expired tokens are useless; drop them as new ones are issued.
            try db.execute(sql: "DELETE FROM access_token WHERE expires_at < ?", arguments: [Date().addingTimeInterval(-3600)])
            try db.execute(
                sql: """
                    INSERT INTO access_token (token_hash, client_principal_id, scopes, expires_at)
                    SELECT ?, principal_id, ?, ? FROM api_client WHERE id = ? AND kind = 'smart' AND revoked_at IS NULL
                    """,
                arguments: [hash, Self.scopeText(scopes), expiresAt, clientID])
        }
    }

    public func principal(forAccessTokenHash hash: String, at: Date) async throws -> Principal? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT c.*, t.scopes AS token_scopes FROM access_token t
                        JOIN api_client c ON c.principal_id = t.client_principal_id
                        WHERE t.token_hash = ? AND t.expires_at > ? AND c.revoked_at IS NULL
                        """,
                    arguments: [hash, at]),
                let client = Self.client(row)
            else { return nil }
            return client.principal(scopes: AccessScope.parseList(row["token_scopes"]).scopes)
        }
    }

    public func useOnce(issuer: String, jti: String, expiresAt: Date, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM used_jti WHERE expires_at < ?", arguments: [at])
            try db.execute(
                sql: "INSERT OR IGNORE INTO used_jti (issuer, jti, expires_at) VALUES (?, ?, ?)", arguments: [issuer, jti, expiresAt])
            return db.changesCount > 0
        }
    }

    private static func scopeText(_ scopes: [AccessScope]) -> String {
        scopes.map(\.description).joined(separator: " ")
    }

    private static func client(_ row: Row) -> RegisteredClient? {
        guard let kind = RegisteredClient.Kind(rawValue: row["kind"]) else { return nil }
        return RegisteredClient(
            id: row["id"], kind: kind, name: row["name"], principalID: PrincipalID(row["principal_id"]), jwks: row["jwks"],
            allowedScopes: AccessScope.parseList(row["allowed_scopes"]).scopes, tlsSubject: row["tls_subject"],
            tenant: row["tenant"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }
}

import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: TokenStore {
    public func createToken(name: String, role: Role, tokenHash: String, principalID: PrincipalID, at: Date) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO api_token (principal_id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [principalID.rawValue, name, role.rawValue, tokenHash, at])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.duplicateName(name)
        }
    }

    public func revokeToken(name: String, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [at, name])
            return db.changesCount > 0
        }
    }

    public func principal(forTokenHash hash: String) async throws -> Principal? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT principal_id, name, role FROM api_token WHERE token_hash = ? AND revoked_at IS NULL",
                    arguments: [hash]),
                let role = Role(rawValue: row["role"])
            else { return nil }
            return Principal(id: PrincipalID(row["principal_id"]), name: row["name"], role: role)
        }
    }

    public func tokens() async throws -> [TokenSummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, created_at, revoked_at FROM api_token ORDER BY created_at").compactMap { row in
                guard let role = Role(rawValue: row["role"]) else { return nil }
                return TokenSummary(name: row["name"], role: role, createdAt: row["created_at"], revokedAt: row["revoked_at"])
            }
        }
    }
}

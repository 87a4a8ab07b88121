import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: UserStore {
    public func createUser(_ account: UserAccount) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO user_account (principal_id, username, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [account.principalID.rawValue, account.username, account.role.rawValue, account.passwordHash, account.createdAt])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.duplicateName(account.username)
        }
    }

    public func disableUser(username: String, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE user_account SET disabled_at = ? WHERE username = ? AND disabled_at IS NULL", arguments: [at, username])
            let changed = db.changesCount > 0
            // Signed-in browsers of a disabled account stop at once.
            try db.execute(
                sql: "DELETE FROM web_session WHERE principal_id IN (SELECT principal_id FROM user_account WHERE username = ? AND disabled_at IS NOT NULL)",
                arguments: [username])
            return changed
        }
    }

    public func users() async throws -> [UserAccount] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM user_account ORDER BY created_at").compactMap(Self.account)
        }
    }

    public func activeUser(username: String) async throws -> UserAccount? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user_account WHERE username = ? AND disabled_at IS NULL", arguments: [username])
                .flatMap(Self.account)
        }
    }

    public func recordSignIn(username: String, succeeded: Bool, at: Date, since: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sign_in_attempt WHERE at < ?", arguments: [since])
            try db.execute(
                sql: "INSERT INTO sign_in_attempt (username, succeeded, at) VALUES (?, ?, ?)", arguments: [username, succeeded, at])
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM sign_in_attempt WHERE username = ? AND succeeded = 0 AND at >= ?", arguments: [username, since]) ?? 0
        }
    }

    public func createSession(_ session: WebSession) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO web_session (token_hash, principal_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tokenHash, session.principal.id.rawValue, session.csrfToken, session.createdAt, session.lastSeenAt])
        }
    }

    public func resumeSession(tokenHash: String, idleSince: Date, now: Date, touch: Bool) async throws -> WebSession? {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.*, u.username, u.role FROM web_session s JOIN user_account u ON u.principal_id = s.principal_id
                        WHERE s.token_hash = ? AND u.disabled_at IS NULL
                        """,
                    arguments: [tokenHash]),
                let role = Role(rawValue: row["role"])
            else { return nil }
            let lastSeen: Date = row["last_seen_at"]
            guard lastSeen >= idleSince else {
                // Idle too long: the session ends here, not just this request.
                try db.execute(sql: "DELETE FROM web_session WHERE token_hash = ?", arguments: [tokenHash])
                return nil
            }
            if touch {
                try db.execute(sql: "UPDATE web_session SET last_seen_at = ? WHERE token_hash = ?", arguments: [now, tokenHash])
            }
            return WebSession(
                tokenHash: tokenHash, principal: Principal(id: PrincipalID(row["principal_id"]), name: row["username"], role: role),
                csrfToken: row["csrf_token"], createdAt: row["created_at"], lastSeenAt: touch ? now : lastSeen)
        }
    }

    public func endSession(tokenHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM web_session WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func recordPageView(principal: PrincipalID, page: String, subject: SubjectIdentifier?, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO page_view (principal_id, page, subject_system, subject_value, at) VALUES (?, ?, ?, ?, ?)",
                arguments: [principal.rawValue, page, subject?.system, subject?.value, at])
        }
    }

    /// The audit of one person's page views, oldest first (for review and tests).
    public func pageViews(principal: PrincipalID) async throws -> [(page: String, subject: SubjectIdentifier?, at: Date)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM page_view WHERE principal_id = ? ORDER BY at, rowid", arguments: [principal.rawValue]).map { row in
                let system: String? = row["subject_system"]
                let value: String? = row["subject_value"]
                return (row["page"], system.flatMap { system in value.map { SubjectIdentifier(system: system, value: $0) } }, row["at"])
            }
        }
    }

    private static func account(_ row: Row) -> UserAccount? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return UserAccount(
            principalID: PrincipalID(row["principal_id"]), username: row["username"], role: role, passwordHash: row["password_hash"],
            createdAt: row["created_at"], disabledAt: row["disabled_at"])
    }
}

import Foundation

/// A person who signs in to the web UI: a local account with a role and a bcrypt password hash.
public struct UserAccount: Sendable, Equatable {
    public var principalID: PrincipalID
    public var username: String
    public var role: Role
    /// bcrypt (`$2b$…`); the password itself is never stored.
    public var passwordHash: String
    public var createdAt: Date
    public var disabledAt: Date?

    public init(principalID: PrincipalID, username: String, role: Role, passwordHash: String, createdAt: Date, disabledAt: Date? = nil) {
        self.principalID = principalID
        self.username = username
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    public var principal: Principal { Principal(id: principalID, name: username, role: role) }
}

/// A signed-in browser: the cookie holds a random token whose SHA-256 is the key here.
public struct WebSession: Sendable, Equatable {
    public var tokenHash: String
    public var principal: Principal
    /// Sent in every form and compared on every POST (synchroniser token).
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date

    public init(tokenHash: String, principal: Principal, csrfToken: String, createdAt: Date, lastSeenAt: Date) {
        self.tokenHash = tokenHash
        self.principal = principal
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// Accounts, sessions, sign-in attempts and the audit of pages that show patient data (port).
public protocol UserStore: Sendable {
    /// Throws `StoreError.duplicateName` when the username is taken by an active account.
    func createUser(_ account: UserAccount) async throws
    func disableUser(username: String, at: Date) async throws -> Bool
    func users() async throws -> [UserAccount]
    func activeUser(username: String) async throws -> UserAccount?
    /// Records an attempt; returns how many failed attempts this username had since `since` (this one included).
    func recordSignIn(username: String, succeeded: Bool, at: Date, since: Date) async throws -> Int
    func createSession(_ session: WebSession) async throws
    /// The session if it was last seen after `idleSince` and its account is still active; touches it to `now`
    /// unless `touch` is false (a page refreshing itself is not the person at the screen).
    func resumeSession(tokenHash: String, idleSince: Date, now: Date, touch: Bool) async throws -> WebSession?
    func endSession(tokenHash: String) async throws
    /// Audit: who saw which page (and which client, when the page shows one), when.
    func recordPageView(principal: PrincipalID, page: String, subject: SubjectIdentifier?, at: Date) async throws
}

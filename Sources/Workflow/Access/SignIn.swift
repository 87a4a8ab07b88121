import CrisisCore
import Foundation

/// Use case: sign a person in to the web UI, and find the signed-in person behind a session cookie.
/// Passwords are checked with bcrypt (injected); five failed attempts for a username within 15 minutes lock
/// further attempts for that username until the window passes; a session idle longer than `idleTimeout`
/// ends (15 minutes by default).
public struct SignIn: Sendable {
    public static let maxFailures = 5
    public static let failureWindow: TimeInterval = 15 * 60

    public enum Failure: Error, Sendable, Equatable {
        /// Unknown username or wrong password: the page never says which.
        case refused
        case tooManyAttempts
        case storeUnavailable
    }

    public struct Started: Sendable {
        /// The cookie value (shown once; only its hash is stored).
        public var token: String
        public var session: WebSession
    }

    private let users: any UserStore
    /// Checks a password against the account's bcrypt hash, or against a decoy hash when the username is unknown
    /// (`nil`), so timing does not tell names apart. bcrypt is slow on purpose: the composition root runs it off
    /// the request threads.
    private let verify: @Sendable (_ password: String, _ hash: String?) async throws -> Bool
    private let idleTimeout: TimeInterval
    private let clock: any WallClock

    public init(
        users: any UserStore, verify: @escaping @Sendable (String, String?) async throws -> Bool, idleTimeout: TimeInterval,
        clock: any WallClock
    ) {
        self.users = users
        self.verify = verify
        self.idleTimeout = idleTimeout
        self.clock = clock
    }

    public func callAsFunction(username: String, password: String) async throws(Failure) -> Started {
        let now = clock.now()
        let since = now.addingTimeInterval(-Self.failureWindow)
        do {
            let account = try await users.activeUser(username: username)
            let valid = try await verify(password, account?.passwordHash) && account != nil
            let failures = try await users.recordSignIn(username: username, succeeded: valid, at: now, since: since)
            guard failures < Self.maxFailures else { throw Failure.tooManyAttempts }
            guard valid, let account else { throw Failure.refused }
            let token = APITokens.generate()
            let session = WebSession(
                tokenHash: APITokens.hash(token), principal: account.principal, csrfToken: APITokens.generate(), createdAt: now, lastSeenAt: now)
            try await users.createSession(session)
            return Started(token: token, session: session)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .storeUnavailable
        }
    }

    /// The session behind a cookie value, touched unless `touch` is false (an automatic refresh does not count
    /// as activity); `nil` when unknown, ended, idle too long or its account disabled.
    public func resume(_ token: String, touch: Bool = true) async throws(Failure) -> WebSession? {
        let now = clock.now()
        do {
            return try await users.resumeSession(
                tokenHash: APITokens.hash(token), idleSince: now.addingTimeInterval(-idleTimeout), now: now, touch: touch)
        } catch {
            throw .storeUnavailable
        }
    }

    public func signOut(_ token: String) async {
        try? await users.endSession(tokenHash: APITokens.hash(token))
    }
}

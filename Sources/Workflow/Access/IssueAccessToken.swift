import CrisisCore
import Foundation
import JWTKit

/// SMART Backend Services token endpoint (`POST /auth/token`): `client_credentials` with a `private_key_jwt`
/// assertion (RFC 7523) from a registered client; issues an opaque access token of at most 300 s carrying the
/// requested scopes that the client's registration allows. No refresh tokens.
public struct IssueAccessToken: Sendable {
    public static let lifetime: TimeInterval = 300
    public static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The form fields of the request.
    public struct Request: Sendable {
        public var grantType: String?
        public var scope: String?
        public var assertionType: String?
        public var assertion: String?

        public init(grantType: String?, scope: String?, assertionType: String?, assertion: String?) {
            self.grantType = grantType
            self.scope = scope
            self.assertionType = assertionType
            self.assertion = assertion
        }
    }

    public struct Issued: Sendable, Equatable {
        public var accessToken: String
        public var expiresIn: Int
        public var scope: String
        public var clientID: String
    }

    /// An OAuth error (RFC 6749 §5.2). `reason` is for logs and tests; the response says only `error` and a
    /// generic description for `invalid_client`.
    public struct Refusal: Error, Equatable {
        public enum Code: String, Sendable { case invalidRequest = "invalid_request", invalidClient = "invalid_client",
            unsupportedGrantType = "unsupported_grant_type", invalidScope = "invalid_scope" }
        public var code: Code
        public var description: String
        public var reason: String
    }

    private let clients: any ClientStore
    private let tokenURL: String
    private let now: @Sendable () -> Date

    /// `tokenURL` is the exact `aud` the assertion must carry (`{public_url}/auth/token`).
    public init(clients: any ClientStore, tokenURL: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.clients = clients
        self.tokenURL = tokenURL
        self.now = now
    }

    /// Throws `Refusal`, or a store error (the caller answers 503).
    public func callAsFunction(_ request: Request) async throws -> Issued {
        guard request.grantType == "client_credentials" else {
            throw Refusal(code: .unsupportedGrantType, description: "grant_type must be client_credentials", reason: "grant type")
        }
        guard request.assertionType == Self.assertionType, let assertion = request.assertion, !assertion.isEmpty else {
            throw Refusal(
                code: .invalidRequest, description: "client_assertion_type must be \(Self.assertionType) with a client_assertion",
                reason: "assertion missing")
        }
        guard let scopeText = request.scope, !scopeText.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Refusal(code: .invalidScope, description: "scope is required", reason: "scope missing")
        }
        let clientFailure = { (reason: String) in
            Refusal(code: .invalidClient, description: "client authentication failed", reason: reason)
        }
        guard let clientID = SignedAssertion.issuer(of: assertion),
            let client = try await clients.client(id: clientID, kind: .smart)
        else { throw clientFailure("unknown client") }
        let keys: ClientKeySet
        do {
            keys = try await ClientKeySet.parse(json: client.jwks)
        } catch {
            throw clientFailure("registered keys unusable")
        }
        let at = now()
        let claims: SignedAssertion.Claims
        do {
            claims = try await SignedAssertion.verify(
                assertion, keys: keys.jwks, audiences: [tokenURL], now: at, maxLifetime: Self.lifetime,
                replay: { issuer, jti, until in try await clients.useOnce(issuer: issuer, jti: jti, expiresAt: until, at: at) })
        } catch let refusal as SignedAssertion.Refusal {
            throw clientFailure(refusal.reason)
        }
        guard claims.sub == client.id else { throw clientFailure("sub differs from iss") }
        let (requested, unknown) = AccessScope.parseList(scopeText)
        guard unknown.isEmpty else {
            throw Refusal(
                code: .invalidScope, description: "unsupported scope: \(unknown.joined(separator: " ")) (system/<Type>.<cruds> only)",
                reason: "unknown scope")
        }
        let granted = AccessScope.granted(requested, within: client.allowedScopes)
        guard !granted.isEmpty else {
            throw Refusal(code: .invalidScope, description: "none of the requested scopes is allowed for this client", reason: "scope not allowed")
        }
        let token = "cat_" + String(APITokens.generate().dropFirst(4))
        try await clients.recordAccessToken(
            hash: APITokens.hash(token), clientID: client.id, scopes: granted, expiresAt: at.addingTimeInterval(Self.lifetime))
        return Issued(
            accessToken: token, expiresIn: Int(Self.lifetime), scope: granted.map(\.description).joined(separator: " "),
            clientID: client.id)
    }
}

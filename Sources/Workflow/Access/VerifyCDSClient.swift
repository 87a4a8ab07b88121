import CrisisCore
import Foundation

/// Use case: authenticate a CDS Hooks call (discovery included) per the CDS Hooks 2.0 security rules: a JWT
/// from an allow-listed issuer (a registered `cds-hooks` client), signed ES384/RS384 with a registered key,
/// `aud` the exact service URL called, `exp` and `iat` present, `jti` never seen, `tenant` as registered.
public struct VerifyCDSClient: Sendable {
    /// Longest `exp - now` accepted; the jti is remembered that long.
    public static let maxLifetime: TimeInterval = 3600

    private let clients: any ClientStore
    private let now: @Sendable () -> Date

    public init(clients: any ClientStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.clients = clients
        self.now = now
    }

    /// The calling client, or `SignedAssertion.Refusal`; a store error is thrown as it is (the caller answers 503).
    public func callAsFunction(token: String, audiences: Set<String>) async throws -> RegisteredClient {
        guard let issuer = SignedAssertion.issuer(of: token), let client = try await clients.client(id: issuer, kind: .cdsHooks) else {
            throw SignedAssertion.Refusal(reason: "issuer not on the allow-list")
        }
        let keys: ClientKeySet
        do {
            keys = try await ClientKeySet.parse(json: client.jwks)
        } catch {
            throw SignedAssertion.Refusal(reason: "registered keys unusable")
        }
        let at = now()
        let claims = try await SignedAssertion.verify(
            token, keys: keys.jwks, audiences: audiences, now: at, maxLifetime: Self.maxLifetime,
            replay: { issuer, jti, until in try await clients.useOnce(issuer: issuer, jti: jti, expiresAt: until, at: at) })
        guard claims.iat != nil else { throw SignedAssertion.Refusal(reason: "iat missing") }
        if let tenant = client.tenant, claims.tenant != tenant { throw SignedAssertion.Refusal(reason: "tenant not allowed") }
        return client
    }
}

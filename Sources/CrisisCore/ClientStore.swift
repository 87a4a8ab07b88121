import Foundation

/// Registered systems, the access tokens issued to them and the JWT ids already used.
public protocol ClientStore: Sendable {
    /// Throws `StoreError.duplicateName` when the id or name is taken.
    func register(_ client: RegisteredClient) async throws
    /// Revokes by name (its tokens stop working at once); false when no active client has that name.
    func revokeClient(name: String, at: Date) async throws -> Bool
    func clients() async throws -> [RegisteredClient]
    /// The active client with this id and kind.
    func client(id: String, kind: RegisteredClient.Kind) async throws -> RegisteredClient?
    /// The active SMART client mapped to this TLS certificate subject.
    func client(tlsSubject: String) async throws -> RegisteredClient?
    /// Stores an issued access token by its hash.
    func recordAccessToken(hash: String, clientID: String, scopes: [AccessScope], expiresAt: Date) async throws
    /// The principal of an unexpired access token whose client is still active.
    func principal(forAccessTokenHash hash: String, at: Date) async throws -> Principal?
    /// Records a JWT id for an issuer; false when it was already used (a replay). Kept until `expiresAt`.
    func useOnce(issuer: String, jti: String, expiresAt: Date, at: Date) async throws -> Bool
}

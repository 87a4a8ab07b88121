import CrisisCore
import Crypto
import Foundation

/// Bearer tokens for systems and simple clients: shown once at creation, stored only as a SHA-256 hash.
public enum APITokens {
    /// A new random token: `crt_` + 32 random bytes in base64url.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "crt_" + encoded
    }

    /// The stored form of a token.
    public static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Array(token.utf8)))
    }

    /// Hex SHA-256 of a request body, to tell an idempotent retry from a reused key.
    public static func digest(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }
}

/// Use case: find the principal behind a request: a bearer token from `crisisd token create`, an access
/// token from `/auth/token`, or (without a token) a client certificate mapped to a registered client.
public struct AuthenticateToken: Sendable {
    private let store: any TokenStore
    private let clients: (any ClientStore)?
    private let now: @Sendable () -> Date

    public init(store: any TokenStore, clients: (any ClientStore)? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.clients = clients
        self.now = now
    }

    public func callAsFunction(_ token: String) async throws -> Principal? {
        let hash = APITokens.hash(token)
        if token.hasPrefix("cat_") {
            return try await clients?.principal(forAccessTokenHash: hash, at: now())
        }
        return try await store.principal(forTokenHash: hash)
    }

    /// The registered client a verified TLS client certificate subject maps to, with its registered scopes.
    public func principal(tlsSubject: String) async throws -> Principal? {
        guard let client = try await clients?.client(tlsSubject: tlsSubject) else { return nil }
        return client.principal(scopes: client.allowedScopes)
    }
}

import Foundation

/// A system registered with `crisisd client register`: a SMART Backend Services client (the EHR posting
/// screens) or a CDS Hooks client (the EHR calling our services). Either proves itself with JWTs signed by
/// keys from its registered JWK Set; never with a shared secret.
public struct RegisteredClient: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Gets access tokens at `/auth/token` (`iss` = `sub` = client id).
        case smart
        /// Calls `/cds-services` with a JWT whose `iss` is the client id (an issuer URL).
        case cdsHooks = "cds-hooks"
    }

    /// `client_id` for SMART; the `iss` for CDS Hooks.
    public var id: String
    public var kind: Kind
    /// Operator-chosen name, e.g. `epic-prod`.
    public var name: String
    public var principalID: PrincipalID
    /// The public JWK Set, as registered (JSON).
    public var jwks: String
    /// The most a token may carry (SMART); empty for CDS Hooks clients.
    public var allowedScopes: [AccessScope]
    /// Subject DN of the client's TLS certificate (mutual TLS) that identifies this client without a token.
    public var tlsSubject: String?
    /// CDS Hooks `tenant` the client must send, when several organisations share one issuer.
    public var tenant: String?
    public var createdAt: Date
    public var revokedAt: Date?

    public init(
        id: String, kind: Kind, name: String, principalID: PrincipalID, jwks: String, allowedScopes: [AccessScope],
        tlsSubject: String?, tenant: String?, createdAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.principalID = principalID
        self.jwks = jwks
        self.allowedScopes = allowedScopes
        self.tlsSubject = tlsSubject
        self.tenant = tenant
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// The principal a token or certificate of this client acts as: an EHR limited to its scopes.
    public func principal(scopes: [AccessScope]) -> Principal {
        Principal(id: principalID, name: name, role: .ehr, scopes: scopes)
    }
}

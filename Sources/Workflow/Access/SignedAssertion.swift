import CrisisCore
import Foundation
import JWTKit

/// Verifies a compact JWT from a registered client (SMART client assertion or CDS Hooks request token):
/// `alg` RS384 or ES384 only (never `none` or HMAC), `kid` naming a key of the client's JWK Set, signature,
/// `aud` naming the URL called, `exp` in the future and at most `maxLifetime` ahead, `jti` used once.
/// Every refusal is the same to the caller (a bare 401 / `invalid_client`); `reason` is for tests and logs.
public struct SignedAssertion: Sendable {
    public static let allowedAlgorithms: Set<String> = ["RS384", "ES384"]

    public struct Claims: JWTPayload, Sendable {
        public var iss: String?
        public var sub: String?
        public var aud: AudienceClaim?
        public var exp: Int?
        public var iat: Int?
        public var jti: String?
        public var tenant: String?

        public func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
        var typ: String?
        var jku: String?
    }

    /// The unverified `iss`, used only to find whose keys to verify with.
    public static func issuer(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URL: String(parts[1])),
            let claims = try? JSONDecoder().decode(Claims.self, from: data)
        else { return nil }
        return claims.iss
    }

    /// Verifies `token` against `keys`, accepting any of `audiences`; returns its claims or throws `Refusal`.
    public static func verify(
        _ token: String, keys: JWKS, audiences: Set<String>, now: Date, maxLifetime: TimeInterval, replay: ReplayCheck
    ) async throws -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Data(base64URL: String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: headerData)
        else { throw Refusal(reason: "malformed token") }
        guard let alg = header.alg, allowedAlgorithms.contains(alg) else { throw Refusal(reason: "algorithm \(header.alg ?? "missing") refused") }
        if let typ = header.typ, typ.uppercased() != "JWT" { throw Refusal(reason: "typ \(typ) refused") }
        // A key-set URL is never fetched: keys are exchanged at registration.
        guard header.jku == nil else { throw Refusal(reason: "jku is not on the allow-list") }
        guard let kid = header.kid, var key = keys.keys.first(where: { $0.keyIdentifier?.string == kid }) else {
            throw Refusal(reason: "unknown kid")
        }
        guard (alg == "RS384" && key.keyType == .rsa) || (alg == "ES384" && key.keyType == .ecdsa) else {
            throw Refusal(reason: "algorithm does not match the key type")
        }
        key.algorithm = alg == "RS384" ? .rs384 : .es384
        let claims: Claims
        do {
            let collection = try await JWTKeyCollection().add(jwk: key)
            claims = try await collection.verify(token, as: Claims.self)
        } catch {
            throw Refusal(reason: "signature does not verify")
        }
        guard let accepted = claims.aud?.value, !audiences.isDisjoint(with: accepted) else { throw Refusal(reason: "wrong audience") }
        guard let exp = claims.exp else { throw Refusal(reason: "exp missing") }
        let expiry = Date(timeIntervalSince1970: TimeInterval(exp))
        // 60 s of clock skew either way.
        guard expiry > now.addingTimeInterval(-60) else { throw Refusal(reason: "expired") }
        guard expiry <= now.addingTimeInterval(maxLifetime + 60) else { throw Refusal(reason: "exp too far ahead") }
        guard let jti = claims.jti, !jti.isEmpty, jti.count <= 256 else { throw Refusal(reason: "jti missing") }
        guard try await replay(claims.iss ?? "", jti, max(expiry, now).addingTimeInterval(60)) else {
            throw Refusal(reason: "jti replayed")
        }
        return claims
    }

    /// Records (issuer, jti) until the date; false when already recorded.
    public typealias ReplayCheck = @Sendable (String, String, Date) async throws -> Bool
}

extension Data {
    /// Decodes base64url without padding (JWT segments).
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}

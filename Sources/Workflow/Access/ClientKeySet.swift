import Foundation
import JWTKit

/// A client's registered public JWK Set, checked once at registration: every key has a `kid`, is RSA (≥ 2048
/// bits) or EC P-384, carries no private part, and names no algorithm other than RS384/ES384.
public struct ClientKeySet: Sendable {
    public let jwks: JWKS

    /// Reasons the JWK Set cannot be registered, each naming the key.
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses and checks a JWK Set; throws `Refusal`.
    public static func parse(json: String) async throws -> ClientKeySet {
        let parsed: JWKS
        do {
            parsed = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))
        } catch {
            throw Refusal(description: "not a JWK Set ({\"keys\": [...]}): \(error)")
        }
        guard !parsed.keys.isEmpty else { throw Refusal(description: "the JWK Set has no keys") }
        var seen: Set<String> = []
        for (index, key) in parsed.keys.enumerated() {
            let name = "keys[\(index)]"
            guard let kid = key.keyIdentifier?.string, !kid.isEmpty else { throw Refusal(description: "\(name) has no kid") }
            guard seen.insert(kid).inserted else { throw Refusal(description: "\(name): kid '\(kid)' appears twice") }
            guard key.privateExponent == nil else {
                throw Refusal(description: "\(name) (\(kid)) holds a private key; register only the public key and keep the private one secret")
            }
            switch key.keyType {
            case .rsa:
                guard key.algorithm == nil || key.algorithm == .rs384 else { throw Refusal(description: "\(name) (\(kid)): RSA keys sign RS384 here") }
            case .ecdsa:
                guard key.curve?.rawValue == "P-384", key.algorithm == nil || key.algorithm == .es384 else {
                    throw Refusal(description: "\(name) (\(kid)): EC keys must be P-384 for ES384")
                }
            default:
                throw Refusal(description: "\(name) (\(kid)): only RSA (RS384) and EC P-384 (ES384) keys are accepted")
            }
            // Build the verifier now so a malformed or short key fails at registration, not at first use.
            var typed = key
            typed.algorithm = key.keyType == .rsa ? .rs384 : .es384
            do {
                _ = try await JWTKeyCollection().add(jwk: typed)
            } catch {
                throw Refusal(description: "\(name) (\(kid)) is not a usable public key: \(error)")
            }
        }
        return ClientKeySet(jwks: parsed)
    }

    private init(jwks: JWKS) { self.jwks = jwks }
}

import Crypto
import Foundation

/// Signs and verifies messages per Standard Webhooks v1 (HMAC-SHA256 over `id.timestamp.body`).
public struct StandardWebhookSigner: Sendable {
    private let key: SymmetricKey

    public enum SecretError: Error, CustomStringConvertible {
        case malformed
        public var description: String { "the webhook secret must be 'whsec_' followed by base64 of 24–64 bytes" }
    }

    /// Accepts a `whsec_`-prefixed base64 secret, as the spec shows it to users.
    public init(secret: String) throws {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst("whsec_".count)) : secret
        guard let bytes = Data(base64Encoded: encoded), (24...64).contains(bytes.count) else { throw SecretError.malformed }
        key = SymmetricKey(data: bytes)
    }

    /// The `webhook-signature` header value for one attempt.
    public func signature(id: String, timestamp: Int, body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: signedContent(id: id, timestamp: timestamp, body: body), using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// Whether any `v1` entry of a (space-separated) signature header matches, compared in constant time.
    public func verify(id: String, timestamp: Int, body: [UInt8], header: String) -> Bool {
        let content = signedContent(id: id, timestamp: timestamp, body: body)
        return header.split(separator: " ").contains { entry in
            guard entry.hasPrefix("v1,"), let mac = Data(base64Encoded: String(entry.dropFirst(3))) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: key)
        }
    }

    private func signedContent(id: String, timestamp: Int, body: [UInt8]) -> [UInt8] {
        Array("\(id).\(timestamp).".utf8) + body
    }
}

import Crypto
import Foundation

/// Verifies PagerDuty webhooks v3: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(raw body)>[,v1=…]`.
public struct PagerDutyWebhookVerifier: Sendable {
    private let key: SymmetricKey

    public init(secret: String) { key = SymmetricKey(data: Array(secret.utf8)) }

    /// True when any `v1=` signature in the header matches the body (constant-time comparison).
    public func isValid(signatureHeader: String, body: [UInt8]) -> Bool {
        let expected = Array(HMAC<SHA256>.authenticationCode(for: body, using: key))
        for part in signatureHeader.split(separator: ",") {
            let entry = part.trimmingCharacters(in: .whitespaces)
            guard entry.hasPrefix("v1="), let given = Self.bytes(hex: String(entry.dropFirst(3))), given.count == expected.count
            else { continue }
            var difference: UInt8 = 0
            for (a, b) in zip(given, expected) { difference |= a ^ b }
            if difference == 0 { return true }
        }
        return false
    }

    /// The signature PagerDuty would send, for tests and tools.
    public func signature(for body: [UInt8]) -> String {
        "v1=" + HMAC<SHA256>.authenticationCode(for: body, using: key).map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: String) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            result.append(byte)
            index = next
        }
        return result
    }
}

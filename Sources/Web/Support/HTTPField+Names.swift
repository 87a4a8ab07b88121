import HTTPTypes

extension HTTPField.Name {
    /// `Idempotency-Key`: a client's retry key (IETF httpapi idempotency-key draft).
    static let idempotencyKey = constant("Idempotency-Key")
    /// Set on a response that replays an earlier submission with the same idempotency key.
    static let idempotentReplayed = constant("Idempotent-Replayed")
    /// PagerDuty webhooks v3 signature, `v1=<hex HMAC-SHA256>`.
    static let pagerDutySignature = constant("X-PagerDuty-Signature")
    /// FHIR conditional create: `identifier=system|value`.
    static let ifNoneExist = constant("If-None-Exist")
    /// RFC 8288 `Link`, pointing from a created response to what was derived from it.
    static let linkHeader = constant("Link")
    /// PagerDuty webhooks v3 delivery id, the same on every redelivery.
    static let webhookID = constant("X-Webhook-Id")
    /// HTTP/1.0 cache directive OAuth token responses still send (RFC 6749 §5.1).
    static let pragma = constant("Pragma")

    /// A header name written in this source; only a typo here (a programmer error) can fail.
    private static func constant(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("invalid header name literal: \(name)") }
        return field
    }
}

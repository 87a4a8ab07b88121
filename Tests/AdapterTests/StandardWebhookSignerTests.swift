import CrisisCore
import Notify
import Testing

@Suite struct StandardWebhookSignerTests {
    /// The conformance vector shared by the Standard Webhooks reference libraries (escalation.md §2.4).
    @Test func matchesTheReferenceTestVector() throws {
        let signer = try StandardWebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let signature = signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(signer.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body,
                              header: "v1,bm9wZQ== \(signature)"))
        #expect(!signer.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_331, body: body, header: signature))
    }

    @Test func refusesMalformedSecrets() {
        #expect(throws: StandardWebhookSigner.SecretError.self) { try StandardWebhookSigner(secret: "whsec_c2hvcnQ=") }
        #expect(throws: StandardWebhookSigner.SecretError.self) { try StandardWebhookSigner(secret: "not base64!") }
    }

    @Test(arguments: [
        (200, "delivered"), (204, "delivered"), (301, "permanent"), (400, "permanent"), (410, "permanent"),
        (408, "retry"), (429, "retry"), (500, "retry"), (503, "retry"),
    ])
    func classifiesStatuses(_ status: UInt, _ expected: String) {
        let result = WebhookNotifier.classify(status: status, retryAfter: nil)
        switch (result, expected) {
        case (.delivered, "delivered"), (.permanentFailure(_), "permanent"), (.retryableFailure(_, _), "retry"): break
        default: Issue.record("status \(status) classified as \(result)")
        }
    }
}

import AsyncHTTPClient
import CrisisCore
import CrisisTestSupport
import EscalationEngine
import Foundation
import Notify
import Testing

/// PagerDuty and Slack against real loopback HTTP receivers; the e-mail message and PagerDuty signatures.
@Suite struct ChannelTests {
    static let page = PagePayload(
        type: "crisis.episode.triggered", timestamp: "2026-03-02T14:25:03.000Z",
        data: .init(
            ref: "epi_7F3K", tier: "high", domain: "self", action: "stat", deadline: "2026-03-02T15:25:03.000Z", site: "ED-EAST",
            summary: "C-SSRS: High risk — precautions now · case epi_7F3K", link: "https://crisis.example/episodes/epi_7F3K"))

    static func message(_ payload: PagePayload, id: String = "msg_1") -> OutboxMessage {
        OutboxMessage(
            id: PageID(id), receiver: "r", assessmentID: nil, eventType: payload.type, body: payload.encoded(), createdAt: Date(),
            nextAttemptAt: Date())
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func pagerDutyTriggerAcknowledgeAndResolveShareTheDedupKey() async throws {
        let receiver = LoopbackReceiver(success: 202)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        try await receiver.run { port in
            let notifier = PagerDutyNotifier(
                routingKey: "0123456789abcdef0123456789abcdef", eventsURL: "http://127.0.0.1:\(port)/hook", template: nil, client: client)
            var acknowledged = Self.page
            acknowledged.type = "crisis.episode.acknowledged"
            var resolved = Self.page
            resolved.type = "crisis.episode.resolved"
            for payload in [Self.page, acknowledged, resolved] {
                #expect(await notifier.deliver(Self.message(payload), now: Date()) == .delivered)
            }
        }
        try await client.shutdown()
        let bodies = try receiver.received.map { try Self.json($0.body) }
        #expect(bodies.map { $0["event_action"] as? String } == ["trigger", "acknowledge", "resolve"])
        #expect(Set(bodies.map { $0["dedup_key"] as? String }) == ["crisisd/episode/epi_7F3K"])
        #expect(Set(bodies.map { $0["routing_key"] as? String }) == ["0123456789abcdef0123456789abcdef"])
        let payload = try #require(bodies.first?["payload"] as? [String: Any])
        #expect(payload["severity"] as? String == "critical")
        #expect(payload["source"] as? String == "crisisd.ED-EAST")
        #expect((payload["summary"] as? String)?.hasPrefix("C-SSRS: High risk") == true)
        #expect(bodies[1]["payload"] == nil)
    }

    @Test(arguments: [(429, "retryable"), (500, "retryable"), (400, "permanent"), (200, "permanent")])
    func pagerDutyAnswersAreClassified(_ status: Int, _ expected: String) async throws {
        let receiver = LoopbackReceiver(statuses: [status])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let result = try await receiver.run { port in
            await PagerDutyNotifier(routingKey: "k", eventsURL: "http://127.0.0.1:\(port)/hook", template: nil, client: client)
                .deliver(Self.message(Self.page), now: Date())
        }
        try await client.shutdown()
        switch result {
        case .retryableFailure: #expect(expected == "retryable")
        case .permanentFailure: #expect(expected == "permanent")
        case .delivered: Issue.record("HTTP \(status) must not count as delivered")
        }
    }

    @Test func slackGetsGenericTextAndALinkOnly() async throws {
        let receiver = LoopbackReceiver()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let result = try await receiver.run { port in
            await SlackNotifier(url: "http://127.0.0.1:\(port)/hook", template: nil, client: client).deliver(Self.message(Self.page), now: Date())
        }
        try await client.shutdown()
        #expect(result == .delivered)
        let body = try Self.json(try #require(receiver.received.first).body)
        #expect(Array(body.keys) == ["text"])
        let text = try #require(body["text"] as? String)
        #expect(text.contains("epi_7F3K") && text.contains("https://crisis.example/episodes/epi_7F3K"))
        // The default Slack text leaves out even the protocol summary.
        #expect(!text.contains("C-SSRS"))
    }

    @Test func emailIsAPlainMessageWithThePageIDAsMessageID() throws {
        let bytes = EmailNotifier.message(
            Self.page, id: PageID("msg_42"), from: "crisisd@example.org", to: ["sup@example.org"], now: Date(timeIntervalSince1970: 0),
            template: PageTemplate.parse(EmailNotifier.defaultTemplate).0)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Message-ID: <msg_42@crisisd>\r\n"))
        #expect(text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(text.contains("Subject: [crisisd] HIGH crisis escalation epi_7F3K (triggered)\r\n"))
        #expect(text.contains("\r\n\r\nA crisis escalation needs attention."))
        #expect(!text.contains("\n\n"), "bare line feeds are not allowed in SMTP DATA")
    }

    @Test func pagerDutySignaturesAreVerifiedInConstantTime() {
        let verifier = PagerDutyWebhookVerifier(secret: "pd-secret")
        let body = Array(#"{"event":{"event_type":"incident.acknowledged"}}"#.utf8)
        let good = verifier.signature(for: body)
        #expect(verifier.isValid(signatureHeader: good, body: body))
        #expect(verifier.isValid(signatureHeader: "v1=00ff, \(good)", body: body))
        #expect(!verifier.isValid(signatureHeader: good, body: body + [0x20]))
        #expect(!verifier.isValid(signatureHeader: "v1=zz", body: body))
        #expect(!PagerDutyWebhookVerifier(secret: "other").isValid(signatureHeader: good, body: body))
    }
}

/// Opsgenie against a real loopback receiver: create, acknowledge and close by alias, GenieKey auth, 202 only.
@Suite struct OpsgenieChannelTests {
    @Test func createAcknowledgeAndCloseByAlias() async throws {
        let receiver = LoopbackReceiver(success: 202)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        try await receiver.run { port in
            let notifier = OpsgenieNotifier(apiKey: "genie-key", apiURL: "http://127.0.0.1:\(port)/", template: nil, client: client)
            var acknowledged = ChannelTests.page
            acknowledged.type = "crisis.episode.acknowledged"
            var resolved = ChannelTests.page
            resolved.type = "crisis.episode.resolved"
            for payload in [ChannelTests.page, acknowledged, resolved] {
                #expect(await notifier.deliver(ChannelTests.message(payload), now: Date()) == .delivered)
            }
        }
        try await client.shutdown()
        #expect(receiver.received.map(\.target) == [
            "/v2/alerts", "/v2/alerts/crisisd-episode-epi_7F3K/acknowledge?identifierType=alias",
            "/v2/alerts/crisisd-episode-epi_7F3K/close?identifierType=alias",
        ])
        #expect(Set(receiver.received.map { $0.headers["Authorization"] ?? $0.headers["authorization"] ?? "" }) == ["GenieKey genie-key"])
        let alert = try ChannelTests.json(try #require(receiver.received.first).body)
        #expect(alert["alias"] as? String == "crisisd-episode-epi_7F3K")
        #expect(alert["priority"] as? String == "P1")
        #expect((alert["message"] as? String)?.count ?? 999 <= 130)
    }

    @Test func aNonAcceptedAnswerIsNotDelivered() async throws {
        let receiver = LoopbackReceiver(statuses: [200, 422])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let results = try await receiver.run { port in
            let notifier = OpsgenieNotifier(apiKey: "k", apiURL: "http://127.0.0.1:\(port)", template: nil, client: client)
            return [
                await notifier.deliver(ChannelTests.message(ChannelTests.page), now: Date()),
                await notifier.deliver(ChannelTests.message(ChannelTests.page), now: Date()),
            ]
        }
        try await client.shutdown()
        #expect(results == [.permanentFailure(reason: "unexpected http 200"), .permanentFailure(reason: "http 422")])
    }
}

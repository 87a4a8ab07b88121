import AsyncHTTPClient
import CrisisCore
import CrisisTestSupport
import Foundation
import Logging
import Notify
import Storage
import Testing
import Workflow

/// The outbox sender against a real SQLite file, the real webhook notifier and real loopback HTTP receivers.
@Suite struct OutboxDeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    func page(_ id: String, receiver: String, fallback: String?, at now: Date) -> OutboxMessage {
        OutboxMessage(
            id: PageID(id), receiver: receiver, assessmentID: nil, eventType: "crisis.episode.triggered",
            body: Array(#"{"data":{"ref":"asm_1","tier":"high"},"type":"crisis.episode.triggered"}"#.utf8), createdAt: now,
            nextAttemptAt: now, fallbackReceiver: fallback)
    }

    @Test func retriesAfterServerErrorsWithTheSameWebhookID() async throws {
        let receiver = LoopbackReceiver(statuses: [500, 500])
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let clock = ManualClock()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let signer = try StandardWebhookSigner(secret: Self.secret)
        try await receiver.run { port in
            let notifier = WebhookNotifier(url: "http://127.0.0.1:\(port)/hook", signer: signer, client: client)
            let sender = OutboxSender(
                store: store, notifiers: ["oncall": notifier], clock: clock, ids: SequentialIdentifiers(), signal: OutboxSignal(),
                logger: Logger(label: "test"))
            try await store.enqueueFallback(page("msg_a", receiver: "oncall", fallback: nil, at: clock.now()), replacing: PageID("none"))
            for _ in 0..<3 {
                #expect(await sender.drain() == 1)
                clock.advance(by: 60)
            }
            #expect(await sender.drain() == 0)
        }
        try await client.shutdown()
        let received = receiver.received
        #expect(received.count == 3)
        #expect(Set(received.map { $0.headers["webhook-id"] ?? "" }) == ["msg_a"])
        for request in received {
            let timestamp = try #require(Int(request.headers["webhook-timestamp"] ?? ""))
            #expect(signer.verify(id: "msg_a", timestamp: timestamp, body: request.body, header: request.headers["webhook-signature"] ?? ""))
        }
        #expect(try await store.pendingCount() == 0)
    }

    @Test func permanentFailurePagesTheFallbackAtOnce() async throws {
        let oncall = LoopbackReceiver(statuses: [400])
        let supervisor = LoopbackReceiver()
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let clock = ManualClock()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let signer = try StandardWebhookSigner(secret: Self.secret)
        try await oncall.run { oncallPort in
            try await supervisor.run { supervisorPort in
                let sender = OutboxSender(
                    store: store,
                    notifiers: [
                        "oncall": WebhookNotifier(url: "http://127.0.0.1:\(oncallPort)/hook", signer: signer, client: client),
                        "supervisor": WebhookNotifier(url: "http://127.0.0.1:\(supervisorPort)/hook", signer: signer, client: client),
                    ],
                    clock: clock, ids: SequentialIdentifiers(), signal: OutboxSignal(), logger: Logger(label: "test"))
                try await store.enqueueFallback(
                    page("msg_a", receiver: "oncall", fallback: "supervisor", at: clock.now()), replacing: PageID("none"))
                #expect(await sender.drain() == 1)
                // The fallback page is due at once, without waiting for time to pass.
                #expect(await sender.drain() == 1)
                #expect(await sender.drain() == 0)
            }
        }
        try await client.shutdown()
        #expect(oncall.received.count == 1)
        #expect(supervisor.received.count == 1)
        #expect(supervisor.received.first?.body == oncall.received.first?.body)
    }

    @Test func unconfiguredReceiverKeepsThePagePendingAndFallsBack() async throws {
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let clock = ManualClock()
        let capture = LogCapture()
        let sender = OutboxSender(
            store: store, notifiers: [:], clock: clock, ids: SequentialIdentifiers(), signal: OutboxSignal(),
            policy: RetryPolicy(base: 1, cap: 30, fallbackAfterAttempts: 2), logger: capture.logger())
        try await store.enqueueFallback(page("msg_a", receiver: "oncall", fallback: "supervisor", at: clock.now()), replacing: PageID("none"))
        await sender.drain()
        clock.advance(by: 60)
        await sender.drain()
        // Still pending (never dropped), plus one fallback page; neither can be delivered yet.
        #expect(try await store.pendingCount() == 2)
        #expect(capture.text.contains("page.undeliverable"))
        #expect(capture.text.contains("page.fallback"))
    }
}

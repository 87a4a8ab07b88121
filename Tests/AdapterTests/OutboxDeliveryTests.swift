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

    static func page(_ id: String, receiver: String, alternates: [String] = [], at now: Date) -> OutboxMessage {
        OutboxMessage(
            id: PageID(id), receiver: receiver, assessmentID: nil, eventType: "crisis.episode.triggered",
            body: Array(#"{"data":{"ref":"epi_1","tier":"high"},"type":"crisis.episode.triggered"}"#.utf8), createdAt: now,
            nextAttemptAt: now, alternates: alternates)
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
                store: store, notifiers: ["oncall": notifier], clock: clock, ids: SequentialIdentifiers(), signal: WakeSignal(),
                logger: Logger(label: "test"))
            try await store.enqueue([Self.page("msg_a", receiver: "oncall", at: clock.now())])
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

    @Test func permanentFailureHandsOnToTheNextChannelAtOnce() async throws {
        let pager = LoopbackReceiver(statuses: [400])
        let backup = LoopbackReceiver()
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let clock = ManualClock()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let signer = try StandardWebhookSigner(secret: Self.secret)
        try await pager.run { pagerPort in
            try await backup.run { backupPort in
                let sender = OutboxSender(
                    store: store,
                    notifiers: [
                        "pager": WebhookNotifier(url: "http://127.0.0.1:\(pagerPort)/hook", signer: signer, client: client),
                        "backup": WebhookNotifier(url: "http://127.0.0.1:\(backupPort)/hook", signer: signer, client: client),
                    ],
                    clock: clock, ids: SequentialIdentifiers(), signal: WakeSignal(), logger: Logger(label: "test"))
                try await store.enqueue([Self.page("msg_a", receiver: "pager", alternates: ["backup"], at: clock.now())])
                #expect(await sender.drain() == 1)
                // The next channel's page is due at once, without waiting for time to pass.
                #expect(await sender.drain() == 1)
                #expect(await sender.drain() == 0)
            }
        }
        try await client.shutdown()
        #expect(pager.received.count == 1)
        #expect(backup.received.count == 1)
        #expect(backup.received.first?.body == pager.received.first?.body)
    }

    @Test func unconfiguredReceiverFailsForGoodAndHandsOn() async throws {
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let clock = ManualClock()
        let capture = LogCapture()
        let sender = OutboxSender(
            store: store, notifiers: [:], clock: clock, ids: SequentialIdentifiers(), signal: WakeSignal(), logger: capture.logger())
        try await store.enqueue([Self.page("msg_a", receiver: "oncall", alternates: ["supervisor"], at: clock.now())])
        await sender.drain()
        await sender.drain()
        // Both channels are unconfigured: both pages failed, visibly, and nothing waits in vain.
        #expect(try await store.pendingCount() == 0)
        #expect(capture.text.contains("page.failed"))
        #expect(capture.text.contains("page.handed_on"))
        #expect(capture.text.contains("receiver not configured"))
    }

    @Test func openCircuitSkipsTheReceiverAndHandsOn() async throws {
        let pager = LoopbackReceiver(statuses: [503, 503, 503])
        let backup = LoopbackReceiver()
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let clock = ManualClock()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let signer = try StandardWebhookSigner(secret: Self.secret)
        try await pager.run { pagerPort in
            try await backup.run { backupPort in
                let sender = OutboxSender(
                    store: store,
                    notifiers: [
                        "pager": WebhookNotifier(url: "http://127.0.0.1:\(pagerPort)/hook", signer: signer, client: client),
                        "backup": WebhookNotifier(url: "http://127.0.0.1:\(backupPort)/hook", signer: signer, client: client),
                    ],
                    clock: clock, ids: SequentialIdentifiers(), signal: WakeSignal(),
                    policy: RetryPolicy(base: 1, cap: 30, fallbackAfterAttempts: 10), breaker: CircuitBreaker(threshold: 3, openFor: 30),
                    logger: Logger(label: "test"))
                // Three pages without alternates fail once each and open the breaker.
                try await store.enqueue((1...3).map { Self.page("page_\($0)", receiver: "pager", at: clock.now()) })
                #expect(await sender.drain() == 3)
                // A new page with an alternate is not sent to the open receiver: the backup gets it at once.
                try await store.enqueue([Self.page("page_4", receiver: "pager", alternates: ["backup"], at: clock.now())])
                await sender.drain()
                await sender.drain()
            }
        }
        try await client.shutdown()
        #expect(pager.received.count == 3)
        #expect(backup.received.count == 1)
    }
}

/// A store that cannot record deliveries (a full disk, say): the sender must not resend in a tight loop.
private struct UnrecordableStore: OutboxStore {
    let base: SQLiteStore
    struct Refused: Error {}

    func duePages(now: Date, limit: Int) async throws -> [OutboxMessage] { try await base.duePages(now: now, limit: limit) }
    func nextAttemptDate() async throws -> Date? { try await base.nextAttemptDate() }
    func markDelivered(_ page: OutboxMessage, at: Date) async throws { throw Refused() }
    func markRetry(_ page: OutboxMessage, reason: String, at: Date, nextAttemptAt: Date) async throws { throw Refused() }
    func markFailed(_ page: OutboxMessage, reason: String, at: Date) async throws { throw Refused() }
    func handOn(_ next: OutboxMessage, from failing: PageID) async throws { throw Refused() }
    func enqueue(_ pages: [OutboxMessage]) async throws { try await base.enqueue(pages) }
    func pendingCount() async throws -> Int { try await base.pendingCount() }
    func rescheduleAllPending(at date: Date) async throws -> Int { try await base.rescheduleAllPending(at: date) }
}

@Suite struct OutboxStormTests {
    @Test func anUnrecordableDeliveryIsHeldBackNotResentInALoop() async throws {
        let receiver = LoopbackReceiver()
        let base = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let clock = ManualClock()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let capture = LogCapture()
        try await base.enqueue([OutboxDeliveryTests.page("page_1", receiver: "oncall", at: clock.now())])
        try await receiver.run { port in
            let sender = OutboxSender(
                store: UnrecordableStore(base: base),
                notifiers: [
                    "oncall": WebhookNotifier(
                        url: "http://127.0.0.1:\(port)/hook", signer: try StandardWebhookSigner(secret: OutboxDeliveryTests.secret),
                        client: client)
                ],
                clock: clock, ids: SequentialIdentifiers(), signal: WakeSignal(), tick: .milliseconds(50), logger: capture.logger())
            try await withRunningService(sender) {
                #expect(await receiver.waitFor(count: 1))
                try await Task.sleep(for: .milliseconds(600))
            }
        }
        try await client.shutdown()
        // Delivered once; the outcome could not be written, so the page stays pending but is held back.
        #expect(receiver.received.count == 1)
        #expect(capture.text.contains("outbox.update_failed"))
        #expect(try await base.pendingCount() == 1)
    }
}

import AsyncHTTPClient
import CrisisCore
import CrisisTestSupport
import EscalationEngine
import Foundation
import Logging
import Notify
import RiskRules
import Storage
import Testing
import Workflow

/// The watchdog finds an episode whose step is overdue (no ticker ran) and pages once; the heartbeat pings.
@Suite struct WatchdogTests {
    @Test func overdueStepIsCountedLoggedAndPagedOnce() async throws {
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let clock = ManualClock()
        let ids = SequentialIdentifiers()
        let plan = try #require(EscalationLoader.load(directory: RepositoryPaths.escalation).0)
        let registry = DefinitionsRegistry(Definitions(protocols: EscalationScenarioTests.protocols, escalation: plan))
        let composer = PageComposer(publicURL: "https://crisis.example.test")
        let capture = LogCapture()
        let submit = SubmitAssessment(
            registry: registry, store: store, composer: composer, clock: clock, ids: ids, signal: WakeSignal(), logger: capture.logger())
        let result = try await submit(
            .init(
                protocolID: ProtocolID("cssrs_screen_recent"),
                answers: ["q1": .text("no"), "q2": .text("no"), "q6": .text("yes"), "q6_recent": .text("yes")],
                subject: SubjectIdentifier(system: "urn:test", value: "1"), site: nil, completedAt: nil, idempotencyKey: nil,
                requestDigest: "d", principal: Principal(id: PrincipalID("prn_1"), name: "ehr", role: .ehr)))
        let episode = try #require(result.episode)
        let watchdog = EscalationWatchdog(
            episodes: store, outbox: store, receivers: ["supervisor"], composer: composer, clock: clock, ids: ids, signal: WakeSignal(),
            grace: 30, logger: capture.logger())

        // Step 2 is due at +300 s; at +320 s it is late but within the grace.
        clock.advance(by: 320)
        #expect(await watchdog.check().isEmpty)
        clock.advance(by: 20)
        #expect(await watchdog.check().map(\.id) == [episode.id])
        #expect(await watchdog.check().map(\.id) == [episode.id])
        let alerts = try await store.duePages(now: clock.now(), limit: 100).filter { $0.eventType == "crisis.watchdog.overdue" }
        #expect(alerts.map(\.receiver) == ["supervisor"], "paged once per overdue step")
        let body = String(decoding: try #require(alerts.first).body, as: UTF8.self)
        #expect(body.contains(episode.id.rawValue) && !body.contains("urn:test"))
        #expect(capture.text.contains("watchdog.episode_overdue"))

        // Once the ticker catches up, nothing is overdue.
        let act = ActOnEpisode(
            registry: registry, store: store, composer: composer, clock: clock, ids: ids, outbox: WakeSignal(), logger: capture.logger())
        #expect(await EscalationTicker(act: act, store: store, clock: clock, signal: WakeSignal(), logger: capture.logger()).reconcileDue() == 1)
        #expect(await watchdog.check().isEmpty)
    }

    @Test func heartbeatPingsTheMonitor() async throws {
        let monitor = LoopbackReceiver()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let ok = try await monitor.run { port in
            await HeartbeatPinger(url: "http://127.0.0.1:\(port)/hook", interval: .seconds(60), client: client, logger: Logger(label: "t")).ping()
        }
        try await client.shutdown()
        #expect(ok)
        #expect(monitor.received.count == 1)
    }
}

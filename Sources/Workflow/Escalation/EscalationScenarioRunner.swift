import CrisisCore
import EscalationEngine
import Foundation
import Logging
import RiskRules
import Synchronization

/// Runs an escalation scenario through the real use cases, sender and ticker against a real store, with an
/// injected clock and scripted channels. Time jumps from one due moment to the next, so an hour-long
/// scenario runs in milliseconds while every step fires at its exact second.
public struct EscalationScenarioRunner: Sendable {
    public typealias Store = AssessmentStore & OutboxStore & EpisodeStore

    private let protocols: ProtocolLibrary

    public init(protocols: ProtocolLibrary) { self.protocols = protocols }

    /// Failures in plain words (empty when the scenario passed).
    public func run(_ scenario: EscalationScenario, plan: EscalationPlan, store: any Store) async -> [String] {
        let clock = ScenarioClock(scenario.start)
        let log = DeliveryLog()
        let ids = CountingIdentifiers()
        let logger = Logger(label: "crisisd.scenario", factory: { _ in SwiftLogNoOpLogHandler() })
        let registry = DefinitionsRegistry(Definitions(protocols: protocols, escalation: plan))
        let outboxSignal = WakeSignal()
        let composer = PageComposer(publicURL: "https://crisisd.invalid")
        let act = ActOnEpisode(
            registry: registry, store: store, composer: composer, clock: clock, ids: ids, outbox: outboxSignal, logger: logger)
        var notifiers: [String: any Notifier] = [:]
        for name in plan.receivers.keys {
            notifiers[name] = ScriptedNotifier(name: name, outcomes: scenario.channels[name] ?? ["delivered"], log: log)
        }
        let sender = OutboxSender(
            store: store, notifiers: notifiers, clock: clock, ids: ids, signal: outboxSignal, logger: logger,
            roundMayHaveFailed: { id in await act.reconcile(id) })
        let ticker = EscalationTicker(act: act, store: store, clock: clock, signal: WakeSignal(), logger: logger)
        let submit = SubmitAssessment(
            registry: registry, store: store, composer: composer, clock: clock, ids: ids, signal: outboxSignal, logger: logger)

        var failures: [String] = []
        var episodes: [String: EpisodeID] = [:]
        func fail(_ step: EscalationScenario.Step, _ message: String) { failures.append("line \(step.line) (at \(step.at) s): \(message)") }

        /// Runs the sender and ticker until nothing more happens at the current instant.
        func settle() async {
            for _ in 0..<200 where await sender.drain() + ticker.reconcileDue() > 0 {}
        }
        /// Moves time forward to `target`, stopping at every moment something is due on the way.
        func advance(to target: Date) async {
            await settle()
            while true {
                let dues = [try? await store.nextEpisodeDueDate(), try? await store.nextAttemptDate()].compactMap { $0 }
                guard let next = dues.min(), next <= target, next > clock.now() else { break }
                clock.set(next)
                await settle()
            }
            clock.set(max(target, clock.now()))
            await settle()
        }

        for step in scenario.steps {
            await advance(to: scenario.start.addingTimeInterval(TimeInterval(step.at)))
            var refusal: String?
            switch step.action {
            case .screen(let protocolID, let answers, let subject, let site)?:
                let request = SubmitAssessment.Request(
                    protocolID: ProtocolID(protocolID), answers: answers.mapValues(Self.raw), subject: Self.subject(subject), site: site,
                    completedAt: nil, idempotencyKey: nil, requestDigest: "", principal: Self.principal("scenario-ehr", .ehr))
                do {
                    let result = try await submit(request)
                    if let episode = result.episode { episodes[subject] = episode.id }
                } catch {
                    fail(step, "screen refused: \(error)")
                }
            case .acknowledge(let subject, let by, let kind)?:
                refusal = await perform(step, subject, episodes, &failures) { id throws(ActOnEpisode.Failure) in
                    _ = try await act.acknowledge(id, by: Self.actor(by), kind: kind)
                }
            case .escalateNow(let subject, let by)?:
                refusal = await perform(step, subject, episodes, &failures) { id throws(ActOnEpisode.Failure) in
                    _ = try await act.escalateNow(id, by: Self.actor(by))
                }
            case .resolve(let subject, let by, let disposition, let note)?:
                refusal = await perform(step, subject, episodes, &failures) { id throws(ActOnEpisode.Failure) in
                    _ = try await act.resolve(id, by: Self.actor(by), disposition: disposition, note: note)
                }
            case nil:
                break
            }
            if refusal != step.refused {
                fail(step, "expected \(step.refused.map { "refusal \($0)" } ?? "success"), got \(refusal.map { "refusal \($0)" } ?? "success")")
            }
            await settle()
            for expected in step.expect where !log.consume(expected, at: clock.now()) {
                fail(step, "expected a page to \(expected.receiver)\(expected.recipient.map { " for \($0)" } ?? "")"
                    + "\(expected.event.map { " (\($0))" } ?? "") with result \(expected.result); none was attempted at this second")
            }
            if let expectation = step.state {
                guard let id = episodes[expectation.subject], let episode = try? await store.episode(id: id) else {
                    fail(step, "no episode for subject \(expectation.subject)")
                    continue
                }
                if let state = expectation.state, episode.state != state {
                    fail(step, "episode state \(episode.state.rawValue), expected \(state.rawValue)")
                }
                if let unreached = expectation.unreached, episode.unreached != unreached {
                    fail(step, "episode unreached \(episode.unreached), expected \(unreached)")
                }
                if let expectedStep = expectation.step, episode.step + 1 != expectedStep {
                    fail(step, "episode at step \(episode.step + 1), expected \(expectedStep)")
                }
            }
        }
        await advance(to: scenario.start.addingTimeInterval(TimeInterval(scenario.runUntil)))
        for page in log.unconsumed() {
            failures.append(
                "unexpected page at \(Int(page.at.timeIntervalSince(scenario.start))) s: \(page.receiver)"
                    + "\(page.recipient.map { " for \($0)" } ?? "") (\(page.event), \(page.result))")
        }
        return failures
    }

    private func perform(
        _ step: EscalationScenario.Step, _ subject: String, _ episodes: [String: EpisodeID], _ failures: inout [String],
        _ action: (EpisodeID) async throws(ActOnEpisode.Failure) -> Void
    ) async -> String? {
        guard let id = episodes[subject] else {
            failures.append("line \(step.line) (at \(step.at) s): no episode for subject \(subject)")
            return nil
        }
        do {
            try await action(id)
            return nil
        } catch {
            switch error {
            case .refused(.dispositionRequired): return "disposition-required"
            case .refused(.noteRequired): return "note-required"
            case .refused(.alreadyResolved): return "already-resolved"
            case .unknownEpisode: return "unknown-episode"
            case .storeUnavailable: return "store-unavailable"
            case .noActiveSafetyPlan: return "no-active-safety-plan"
            }
        }
    }

    static func raw(_ answer: EscalationScenario.Answer) -> RawAnswer {
        switch answer {
        case .text(let text): .text(text)
        case .number(let number): .integer(number)
        case .flag(let flag): .text(flag ? "yes" : "no")
        }
    }

    static func subject(_ name: String) -> SubjectIdentifier { SubjectIdentifier(system: "urn:crisisd:scenario", value: name) }

    static func principal(_ name: String, _ role: Role) -> Principal { Principal(id: PrincipalID("prn_\(name)"), name: name, role: role) }

    static func actor(_ name: String) -> EpisodeActor { EpisodeActor(id: "prn_\(name)", name: name, via: "api") }
}

/// The scenario's clock, moved only by the runner.
private final class ScenarioClock: WallClock {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// Predictable identifiers, so a scenario run is reproducible.
private final class CountingIdentifiers: IdentifierGenerator {
    private let counter = Mutex(0)
    func make(prefix: String) -> String {
        "\(prefix)_\(counter.withLock { value -> Int in value += 1; return value })"
    }
}

/// Every delivery attempt in a scenario, consumed by expectations.
private final class DeliveryLog: Sendable {
    struct Entry: Sendable {
        var at: Date
        var receiver: String
        var recipient: String?
        var event: String
        var result: String
        var consumed = false
    }

    private let entries = Mutex<[Entry]>([])

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    /// Marks the first unconsumed attempt at `at` that matches; false when there is none.
    func consume(_ expected: EscalationScenario.ExpectedPage, at: Date) -> Bool {
        entries.withLock { entries in
            guard
                let index = entries.firstIndex(where: {
                    !$0.consumed && $0.at == at && $0.receiver == expected.receiver && $0.result == expected.result
                        && (expected.event == nil || $0.event == expected.event)
                        && (expected.recipient == nil || $0.recipient == expected.recipient)
                })
            else { return false }
            entries[index].consumed = true
            return true
        }
    }

    func unconsumed() -> [Entry] { entries.withLock { $0.filter { !$0.consumed } } }
}

/// A channel whose outcomes the scenario scripts; each attempt is logged.
private struct ScriptedNotifier: Notifier {
    let name: String
    let outcomes: [String]
    let log: DeliveryLog
    private let attempts = AttemptCounter()

    init(name: String, outcomes: [String], log: DeliveryLog) {
        self.name = name
        self.outcomes = outcomes
        self.log = log
    }

    func deliver(_ message: OutboxMessage, now: Date) async -> DeliveryResult {
        let index = attempts.next()
        let outcome = outcomes.isEmpty ? "delivered" : outcomes[min(index, outcomes.count - 1)]
        let result: DeliveryResult = switch outcome {
        case "permanent": .permanentFailure(reason: "scripted permanent failure")
        case "retryable": .retryableFailure(reason: "scripted retryable failure", retryAfter: nil)
        case "rate_limited": .retryableFailure(reason: "scripted 429", retryAfter: 10)
        default: .delivered
        }
        let label: String = switch result {
        case .delivered: "delivered"
        case .retryableFailure: "retryable_failure"
        case .permanentFailure: "permanent_failure"
        }
        let event = String(message.eventType.split(separator: ".").last ?? "")
        log.append(.init(at: now, receiver: name, recipient: message.recipient, event: event, result: label))
        return result
    }
}

private final class AttemptCounter: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { value -> Int in defer { value += 1 }; return value } }
}

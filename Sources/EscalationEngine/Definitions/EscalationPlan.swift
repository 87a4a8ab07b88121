import CrisisCore
import Foundation

/// The compiled escalation definitions in force: receivers, people, schedules, policies and ordered routes,
/// stamped with the policies' version and a hash over every file.
public struct EscalationPlan: Sendable, Hashable {
    public var version: String
    public var hash: String
    public var receivers: [String: ReceiverDefinition]
    public var people: [String: PersonDefinition]
    public var schedules: [String: ScheduleDefinition]
    public var policies: [String: EscalationPolicy]
    public var routes: [Route]

    public init(
        version: String, hash: String, receivers: [String: ReceiverDefinition], people: [String: PersonDefinition],
        schedules: [String: ScheduleDefinition], policies: [String: EscalationPolicy], routes: [Route]
    ) {
        self.version = version
        self.hash = hash
        self.receivers = receivers
        self.people = people
        self.schedules = schedules
        self.policies = policies
        self.routes = routes
    }

    /// The first route that matches; `nil` only if the plan does not cover a case (the loader rejects such plans).
    public func route(tier: RiskTier, domain: RiskDomain, site: String?, protocolID: ProtocolID) -> (index: Int, route: Route)? {
        routes.enumerated().first { $0.element.matches(tier: tier, domain: domain, site: site, protocolID: protocolID) }
            .map { ($0.offset, $0.element) }
    }

    /// The policy of the first matching route.
    public func policy(tier: RiskTier, domain: RiskDomain, site: String?, protocolID: ProtocolID) -> EscalationPolicy? {
        route(tier: tier, domain: domain, site: site, protocolID: protocolID).flatMap { policies[$0.route.policy] }
    }

    /// One delivery per target: who is paged and the channels that reach them, in order. A schedule with nobody
    /// on call resolves to nothing (the caller pages the final fallback).
    public func deliveries(for targets: [EscalationTarget], at instant: Date) -> [Delivery] {
        var result: [Delivery] = []
        for target in targets {
            switch target {
            case .receiver(let name):
                result.append(Delivery(recipient: nil, channels: [name]))
            case .person(let id):
                if let person = people[id] { result.append(Delivery(recipient: id, channels: person.contacts)) }
            case .schedule(let id):
                if let onCall = schedules[id]?.onCall(at: instant), let person = people[onCall.person] {
                    result.append(Delivery(recipient: person.id, channels: person.contacts))
                }
            }
        }
        return result
    }

    /// Every receiver a list of targets could use (schedules: all their people and overrides).
    public func possibleReceivers(of targets: [EscalationTarget]) -> Set<String> {
        var result: Set<String> = []
        for target in targets {
            switch target {
            case .receiver(let name): result.insert(name)
            case .person(let id): result.formUnion(people[id]?.contacts ?? [])
            case .schedule(let id):
                guard let schedule = schedules[id] else { continue }
                for person in schedule.people + schedule.overrides.map(\.person) {
                    result.formUnion(people[person]?.contacts ?? [])
                }
            }
        }
        return result
    }

    /// For each tier routed to a paging policy, the receivers its first step could use.
    public var firstStepReceiversByTier: [RiskTier: Set<String>] {
        var result: [RiskTier: Set<String>] = [:]
        for route in routes {
            guard let first = policies[route.policy]?.steps.first else { continue }
            for tier in route.tiers { result[tier, default: []].formUnion(possibleReceivers(of: first.targets)) }
        }
        return result
    }
}

/// One target resolved at a moment: the person (if any) and the channels to try, in order.
public struct Delivery: Sendable, Hashable, Codable {
    /// Staff handle from `people.yaml`; `nil` for a receiver paged directly.
    public var recipient: String?
    public var channels: [String]

    public init(recipient: String?, channels: [String]) {
        self.recipient = recipient
        self.channels = channels
    }
}

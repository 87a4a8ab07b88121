import CrisisCore

/// The compiled routing definitions in force: receivers and ordered routes, stamped with their hash.
public struct EscalationPlan: Sendable, Hashable {
    public var version: String
    /// Hash over the receiver and route files, in the order read.
    public var hash: String
    public var receivers: [String: ReceiverDefinition]
    public var routes: [Route]

    /// The first route that matches; `nil` only if the plan does not cover a case (the loader rejects such plans).
    public func route(tier: RiskTier, domain: RiskDomain, site: String?, protocolID: ProtocolID) -> Route? {
        routes.first { $0.matches(tier: tier, domain: domain, site: site, protocolID: protocolID) }
    }

    /// Tiers whose routes page at least one receiver.
    public var pagedReceiversByTier: [RiskTier: Set<String>] {
        var result: [RiskTier: Set<String>] = [:]
        for route in routes {
            for tier in route.tiers { result[tier, default: []].formUnion(route.notify) }
        }
        return result
    }
}

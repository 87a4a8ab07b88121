import CrisisCore
import DefinitionFiles
import Yams

/// `routes.yaml`: ordered (tier, domain, site, protocol) → policy rules; first match wins; every tier and
/// domain must reach a catch-all route, and a high route must page through a paging channel.
enum RouteReader {
    static func read(_ root: Node?, plan: EscalationPlan, reader: DocumentReader) -> [Route] {
        guard let top = reader.mapping(root, at: "", required: ["schema", "routes"]) else { return [] }
        EscalationLoader.checkSchema(top, reader: reader)
        var routes: [Route] = []
        for entry in reader.sequence(top["routes"], at: "routes") {
            guard
                let route = reader.mapping(entry.node, at: entry.path, required: ["match", "policy"]),
                let match = reader.mapping(route["match"], at: route.path("match"), required: ["tier"],
                                           optional: ["domain", "site", "protocol"]),
                let policyName = reader.string(route["policy"], at: route.path("policy"))
            else { continue }
            let tiers = EscalationLoader.nodes(match["tier"], path: match.path("tier"), reader: reader).compactMap {
                reader.enumValue(RiskTier.self, $0.node, at: $0.path)
            }
            let domains = EscalationLoader.nodes(match["domain"], path: match.path("domain"), reader: reader).compactMap {
                reader.enumValue(RiskDomain.self, $0.node, at: $0.path)
            }
            let sites = EscalationLoader.nodes(match["site"], path: match.path("site"), reader: reader).compactMap {
                reader.string($0.node, at: $0.path)
            }
            let protocols = EscalationLoader.nodes(match["protocol"], path: match.path("protocol"), reader: reader).compactMap {
                reader.string($0.node, at: $0.path).map(ProtocolID.init)
            }
            guard let policy = plan.policies[policyName] else {
                reader.error("unknown-policy", at: route["policy"], path: route.path("policy"), "no policy '\(policyName)' in policies.yaml")
                continue
            }
            if tiers.contains(.high) {
                let first = policy.steps.first.map { plan.possibleReceivers(of: $0.targets) } ?? []
                if !first.contains(where: { plan.receivers[$0]?.pages == true }) {
                    reader.error("high-without-pager", at: route["policy"], path: route.path("policy"),
                                 "tier high must reach a paging channel (webhook or pagerduty) in the policy's first step")
                }
            }
            routes.append(Route(tiers: Set(tiers), domains: Set(domains), sites: Set(sites), protocols: Set(protocols), policy: policyName))
        }
        for tier in RiskTier.allCases {
            for domain in RiskDomain.allCases
            where !routes.contains(where: { $0.tiers.contains(tier) && ($0.domains.isEmpty || $0.domains.contains(domain)) && $0.isCatchAll }) {
                reader.error("unrouted-tier", at: top["routes"], path: "routes",
                             "tier \(tier.rawValue) in domain \(domain.rawValue) has no catch-all route")
            }
        }
        return routes
    }
}

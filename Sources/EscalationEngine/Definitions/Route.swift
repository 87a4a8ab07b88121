import CrisisCore

/// One routing rule: which screens it matches and the policy that escalates them.
public struct Route: Sendable, Hashable {
    public var tiers: Set<RiskTier>
    /// Empty means any domain.
    public var domains: Set<RiskDomain>
    /// Empty means any site.
    public var sites: Set<String>
    /// Empty means any protocol.
    public var protocols: Set<ProtocolID>
    public var policy: String

    public init(tiers: Set<RiskTier>, domains: Set<RiskDomain>, sites: Set<String>, protocols: Set<ProtocolID>, policy: String) {
        self.tiers = tiers
        self.domains = domains
        self.sites = sites
        self.protocols = protocols
        self.policy = policy
    }

    /// Whether the route applies to a screen with these properties.
    public func matches(tier: RiskTier, domain: RiskDomain, site: String?, protocolID: ProtocolID) -> Bool {
        tiers.contains(tier) && (domains.isEmpty || domains.contains(domain))
            && (sites.isEmpty || site.map(sites.contains) == true)
            && (protocols.isEmpty || protocols.contains(protocolID))
    }

    /// Whether the route matches any site and protocol (every tier needs one such route).
    var isCatchAll: Bool { sites.isEmpty && protocols.isEmpty }
}

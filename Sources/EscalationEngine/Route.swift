import CrisisCore

/// One routing rule: which screens it matches and who is told.
public struct Route: Sendable, Hashable {
    public var tiers: Set<RiskTier>
    /// Empty means any domain.
    public var domains: Set<RiskDomain>
    /// Empty means any site.
    public var sites: Set<String>
    /// Empty means any protocol.
    public var protocols: Set<ProtocolID>
    /// Receivers paged when the route matches (may be empty for tiers that page nobody).
    public var notify: [String]
    /// Receiver paged when delivery to a `notify` receiver fails for good.
    public var fallback: String?

    /// Whether the route applies to a screen with these properties.
    public func matches(tier: RiskTier, domain: RiskDomain, site: String?, protocolID: ProtocolID) -> Bool {
        tiers.contains(tier) && (domains.isEmpty || domains.contains(domain))
            && (sites.isEmpty || site.map(sites.contains) == true)
            && (protocols.isEmpty || protocols.contains(protocolID))
    }
}

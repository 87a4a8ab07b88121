import CrisisCore
import CrisisTestSupport
import EscalationEngine
import Testing

@Suite struct EscalationLoaderTests {
    @Test func shippedDefinitionsLoadAndRouteEveryTier() throws {
        let (plan, diagnostics) = EscalationLoader.load(directory: RepositoryPaths.escalation)
        #expect(diagnostics.isEmpty)
        let loaded = try #require(plan)
        let protocolID = ProtocolID("cssrs_screen_recent")
        #expect(loaded.route(tier: .high, domain: .self, site: nil, protocolID: protocolID)?.notify == ["oncall"])
        #expect(loaded.route(tier: .high, domain: .self, site: nil, protocolID: protocolID)?.fallback == "supervisor")
        #expect(loaded.route(tier: .moderate, domain: .others, site: "east", protocolID: protocolID)?.notify == ["supervisor"])
        #expect(loaded.route(tier: .low, domain: .self, site: nil, protocolID: protocolID)?.notify == [])
        #expect(loaded.route(tier: .none, domain: .self, site: nil, protocolID: protocolID)?.notify == [])
    }

    @Test(arguments: [
        ("unknown-receiver", "unknown-receiver", "no receiver named 'on_call'"),
        ("unrouted-tier", "unrouted-tier", "tier none in domain self has no catch-all route"),
        ("inline-secret", "bad-env-name",
         "'url_env' names an environment variable (upper case); URLs and secrets are never written inline"),
    ])
    func brokenFixture(_ fixture: String, _ code: String, _ message: String) {
        let (plan, diagnostics) = EscalationLoader.load(directory: "\(RepositoryPaths.fixtures)/escalation/\(fixture)")
        #expect(plan == nil)
        #expect(diagnostics.contains { $0.code == code && $0.message == message }, "\(diagnostics)")
    }
}

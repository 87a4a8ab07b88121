import CrisisCore
import CrisisTestSupport
import EscalationEngine
import Foundation
import Testing

@Suite struct EscalationLoaderTests {
    @Test func shippedDefinitionsLoadAndRouteEveryTier() throws {
        let (plan, diagnostics) = EscalationLoader.load(directory: RepositoryPaths.escalation)
        #expect(diagnostics.isEmpty)
        let loaded = try #require(plan)
        let cssrs = ProtocolID("cssrs_screen_recent")
        let high = try #require(loaded.policy(tier: .high, domain: .self, site: nil, protocolID: cssrs))
        #expect(high.id == "high-risk")
        // Design notes §3: on-call at once, again at 5 minutes, supervisor at 10, final fallback at 15.
        #expect(high.steps.map(\.delay) == [300, 300, 300])
        #expect(high.steps[0].targets == [.receiver("oncall"), .receiver("pagerduty")])
        #expect(high.steps[2].targets.contains(.receiver("supervisor")))
        #expect(high.acknowledgementTimeout == 1800)
        #expect(loaded.policy(tier: .moderate, domain: .others, site: "east", protocolID: cssrs)?.id == "moderate-risk")
        #expect(loaded.policy(tier: .low, domain: .self, site: nil, protocolID: cssrs)?.pages == false)
        #expect(loaded.policy(tier: .none, domain: .others, site: nil, protocolID: cssrs)?.pages == false)
    }

    @Test func exampleRotationLoads() {
        let (plan, diagnostics) = EscalationLoader.load(directory: "\(RepositoryPaths.escalation)/examples/rotation")
        #expect(diagnostics.isEmpty)
        #expect(plan?.schedules["crisis-clinicians"]?.people == ["rivera", "chen", "okafor"])
    }

    @Test func baseFixtureLoadsWithEverything() throws {
        let (plan, diagnostics) = EscalationLoader.load(directory: Self.base)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let loaded = try #require(plan)
        #expect(loaded.route(tier: .high, domain: .others, site: "ward-1", protocolID: ProtocolID("bvc"))?.index == 0)
        #expect(loaded.route(tier: .high, domain: .others, site: "ward-2", protocolID: ProtocolID("bvc"))?.index == 1)
        #expect(loaded.receivers["chat"]?.template?.render(["ref": "epi_1", "tier": "high", "link": "L"]) == "case epi_1 high L")
        #expect(loaded.people["ana"]?.contacts == ["team-pager", "mail"])
    }

    /// Each row breaks the valid base fixture in one place and names the diagnostic code it must produce.
    @Test(arguments: [
        ("receivers.yaml", "schema: 1", "schema: 2", "unsupported-schema"),
        ("receivers.yaml", "url_env: TEAM_PAGER_URL", "url_env: https://pager.example", "bad-env-name"),
        ("receivers.yaml", "name: team-pager, kind: webhook", "name: Team Pager, kind: webhook", "bad-identifier"),
        ("receivers.yaml", "name: pd, kind", "name: chat, kind", "duplicate-id"),
        ("receivers.yaml", "kind: pagerduty", "kind: pagerdutty", "bad-value"),
        ("receivers.yaml", "routing_key_env: PD_KEY", "routing_key_env: PD_KEY, url_env: X", "unknown-key"),
        ("receivers.yaml", "url_env: SMTP_URL, from_env", "url_env: SMTP_URL, fromm_env", "unknown-key"),
        ("receivers.yaml", "{{tier}}", "{{patient_name}}", "template-field-not-allowed"),
        ("receivers.yaml", "{{link}}\" }", "{{link\" }", "bad-template"),
        ("receivers.yaml", "secret_env: TEAM_PAGER_SECRET }", "secret_env: TEAM_PAGER_SECRET, template: \"x\" }", "template-not-supported"),
        ("people.yaml", "contacts: [team-pager]", "contacts: [teampager]", "unknown-receiver"),
        ("people.yaml", "contacts: [team-pager] }", "contacts: [] }", "person-without-contact"),
        ("schedules.yaml", "Europe/London", "Mars/Olympus", "bad-time-zone"),
        ("schedules.yaml", "2026-01-01T20:00", "2026-01-01 20:00", "bad-time"),
        ("schedules.yaml", "shift_days: 1", "shift_days: 0", "bad-shift"),
        ("schedules.yaml", "end: \"2026-02-02T08:00\"", "end: \"2026-01-31T08:00\"", "bad-override"),
        ("schedules.yaml", "people: [ana, ben]", "people: [ana, bob]", "unknown-person"),
        ("policies.yaml", "{ person: ana }", "{ person: ana, receiver: pd }", "bad-target"),
        ("policies.yaml", "{ schedule: nights }", "{ schedule: days }", "unknown-schedule"),
        ("policies.yaml", "{ person: ana }", "{ person: anna }", "unknown-person"),
        ("policies.yaml", "targets: [{ person: ana }]", "targets: []", "empty-step"),
        ("policies.yaml", "repeat: 1", "repeat: 50", "bad-repeat"),
        ("policies.yaml", "delay: 300 }\n    final", "delay: 0 }\n    final", "bad-duration"),
        ("policies.yaml", "    final_fallback: [{ receiver: team-pager }, { receiver: chat }]\n", "", "policy-without-fallback"),
        ("policies.yaml", "    acknowledgement_timeout: 1800\n", "", "missing-acknowledgement-timeout"),
        ("policies.yaml", "acknowledgement_timeout: 1800", "acknowledgment_timeout: 1800", "unknown-key"),
        ("routes.yaml", "policy: quiet", "policy: silent", "unknown-policy"),
        ("routes.yaml", "tier: [low, none]", "tier: [low]", "unrouted-tier"),
        ("routes.yaml", "tier: [high, moderate] }\n    policy: urgent", "tier: [high, moderate] }\n    policy: quiet", "high-without-pager"),
    ])
    func brokenFixture(_ file: String, _ original: String, _ replacement: String, _ code: String) throws {
        let directory = try Self.mutatedCopy(file: file, replacing: original, with: replacement)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (plan, diagnostics) = EscalationLoader.load(directory: directory)
        #expect(plan == nil)
        #expect(diagnostics.contains { $0.code == code && $0.file.hasSuffix(file) }, "\(diagnostics)")
    }

    @Test func highRouteToEmailOnlyIsRefused() throws {
        let directory = try Self.mutatedCopy(
            file: "policies.yaml", replacing: "{ targets: [{ schedule: nights }, { receiver: pd }], delay: 300 }",
            with: "{ targets: [{ receiver: mail }, { receiver: chat }], delay: 300 }")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (_, diagnostics) = EscalationLoader.load(directory: directory)
        #expect(diagnostics.contains { $0.code == "high-without-pager" })
    }

    @Test func missingFileIsReported() throws {
        let directory = try Self.mutatedCopy(file: "routes.yaml", replacing: "", with: "")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.removeItem(atPath: "\(directory)/policies.yaml")
        let (_, diagnostics) = EscalationLoader.load(directory: directory)
        #expect(diagnostics.contains { $0.code == "unreadable" && $0.file.hasSuffix("policies.yaml") })
    }

    static var base: String { "\(RepositoryPaths.fixtures)/escalation/valid" }

    static func mutatedCopy(file: String, replacing original: String, with replacement: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crisisd-escalation-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: base) {
            var text = try String(contentsOfFile: "\(base)/\(name)", encoding: .utf8)
            if name == file && !original.isEmpty {
                #expect(text.contains(original), "fixture text to replace is missing: \(original)")
                text = text.replacingOccurrences(of: original, with: replacement)
            }
            try text.write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8)
        }
        return directory
    }
}

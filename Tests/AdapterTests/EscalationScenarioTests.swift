import CrisisCore
import CrisisTestSupport
import EscalationEngine
import Foundation
import RiskRules
import Storage
import Testing
import Workflow

/// The scenario harness on real SQLite: the shipped scenarios pass, and a wrong or missing expectation fails.
@Suite struct EscalationScenarioTests {
    static let protocols: ProtocolLibrary = {
        guard let library = ProtocolLoader.load(directory: RepositoryPaths.protocols, proofs: ProofCache(path: nil)).0 else {
            preconditionFailure("shipped protocols")
        }
        return library
    }()

    static func run(_ file: String) async throws -> [String] {
        let (scenario, diagnostics) = ScenarioLoader.load(file: file, defaultEscalation: RepositoryPaths.escalation)
        let loaded = try #require(scenario, "\(diagnostics)")
        let plan = try #require(EscalationLoader.load(directory: loaded.escalationDirectory).0)
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/scenario.sqlite")
        return await EscalationScenarioRunner(protocols: protocols).run(loaded, plan: plan, store: store)
    }

    @Test(arguments: ScenarioLoader.files(in: "\(RepositoryPaths.escalation)/cases").map { ($0 as NSString).lastPathComponent })
    func shippedScenarioPasses(_ name: String) async throws {
        let failures = try await Self.run("\(RepositoryPaths.escalation)/cases/\(name)")
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func aPageNobodyExpectedFailsTheScenario() async throws {
        let failures = try await Self.runEdited("02-no-acknowledgement-step-two.yaml") {
            // Drop the expectation of the supervisor page at 600 s.
            $0.replacingOccurrences(
                of: "expect: [{ receiver: supervisor, event: escalated }, { receiver: supervisor-email, event: escalated }]", with: "")
        }
        #expect(failures.contains { $0.contains("unexpected page at 600 s: supervisor (escalated, delivered)") }, "\(failures)")
    }

    @Test func anExpectedPageAtTheWrongSecondFails() async throws {
        let failures = try await Self.runEdited("02-no-acknowledgement-step-two.yaml") {
            $0.replacingOccurrences(of: "  - at: 600\n", with: "  - at: 599\n")
        }
        #expect(failures.contains { $0.contains("at 599 s") && $0.contains("none was attempted at this second") }, "\(failures)")
    }

    @Test func anUnexpectedRefusalFails() async throws {
        let failures = try await Self.runEdited("07-resolution-needs-disposition.yaml") {
            $0.replacingOccurrences(of: "refused: disposition-required", with: "")
        }
        #expect(failures.contains { $0.contains("expected success, got refusal disposition-required") }, "\(failures)")
    }

    static func runEdited(_ name: String, _ edit: (String) -> String) async throws -> [String] {
        let text = try String(contentsOfFile: "\(RepositoryPaths.escalation)/cases/\(name)", encoding: .utf8)
        let directory = RepositoryPaths.temporaryDirectory()
        let file = "\(directory)/\(name)"
        try edit(text).write(toFile: file, atomically: true, encoding: .utf8)
        let (scenario, diagnostics) = ScenarioLoader.load(file: file, defaultEscalation: RepositoryPaths.escalation)
        let loaded = try #require(scenario, "\(diagnostics)")
        let plan = try #require(EscalationLoader.load(directory: RepositoryPaths.escalation).0)
        let store = try SQLiteStore(path: "\(directory)/scenario.sqlite")
        return await EscalationScenarioRunner(protocols: protocols).run(loaded, plan: plan, store: store)
    }
}

/// Broken scenario files: each names its diagnostic code.
@Suite struct ScenarioLoaderTests {
    @Test(arguments: [
        ("name: x\ntimeline:\n  - at: 0\n    expct: []\n", "unknown-key"),
        ("name: x\nchannels: { oncall: [flaky] }\ntimeline: []\n", "bad-outcome"),
        ("name: x\nstart: yesterday\ntimeline: []\n", "bad-time"),
        ("name: x\ntimeline:\n  - at: 0\n    escalate_now: { subject: s, by: a }\n    resolve: { subject: s, by: a }\n", "several-actions"),
        ("name: x\ntimeline:\n  - at: 0\n    acknowledge: { subject: s, by: a, kind: asleep }\n", "bad-value"),
        ("timeline: []\n", "missing-key"),
    ])
    func brokenScenario(_ text: String, _ code: String) throws {
        let file = RepositoryPaths.temporaryDirectory() + "/case.yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (scenario, diagnostics) = ScenarioLoader.load(file: file, defaultEscalation: RepositoryPaths.escalation)
        #expect(scenario == nil)
        #expect(diagnostics.contains { $0.code == code }, "\(diagnostics)")
    }
}

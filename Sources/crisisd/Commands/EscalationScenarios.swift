import CrisisCore
import EscalationEngine
import Foundation
import RiskRules
import Storage
import Workflow

/// Runs every scenario in `Escalation/cases/` on a fresh SQLite database each, for `crisisd check`.
enum EscalationScenarios {
    /// How many scenarios ran, and a diagnostic per failure.
    static func runAll(in escalation: String, protocols: ProtocolLibrary) async -> (Int, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let files = ScenarioLoader.files(in: "\(escalation)/cases")
        var plans: [String: EscalationPlan] = [:]
        for file in files {
            let (scenario, loadDiagnostics) = ScenarioLoader.load(file: file, defaultEscalation: escalation)
            diagnostics += loadDiagnostics
            guard let scenario else { continue }
            if plans[scenario.escalationDirectory] == nil {
                let (plan, planDiagnostics) = EscalationLoader.load(directory: scenario.escalationDirectory)
                if scenario.escalationDirectory != escalation { diagnostics += planDiagnostics }
                plans[scenario.escalationDirectory] = plan
            }
            guard let plan = plans[scenario.escalationDirectory] else { continue }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crisisd-scenario-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let store = try SQLiteStore(path: "\(directory)/scenario.sqlite")
                let failures = await EscalationScenarioRunner(protocols: protocols).run(scenario, plan: plan, store: store)
                try? store.close()
                for failure in failures {
                    diagnostics.append(Diagnostic(.error, code: "scenario-failed", file: file, path: scenario.name, message: failure))
                }
            } catch {
                diagnostics.append(Diagnostic(.error, code: "scenario-store", file: file, path: "", message: "cannot create a scratch database"))
            }
        }
        return (files.count, diagnostics)
    }
}

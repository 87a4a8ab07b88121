import ArgumentParser
import CrisisCore
import EscalationEngine
import FHIR
import Foundation
import RiskRules
import SafetyPlans
import Workflow

/// `crisisd check`: validate every protocol and escalation file and run every worked example.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate Protocols/ (safety-plan templates and public FHIR forms included) and Escalation/, run the worked examples and the escalation scenarios (Escalation/cases/).")

    @Option(help: "Protocols folder.")
    var protocols = "./Protocols"

    @Option(help: "Escalation folder.")
    var escalation = "./Escalation"

    func run() async throws {
        var diagnostics: [Diagnostic] = []
        let (library, protocolDiagnostics) = ProtocolLoader.load(directory: protocols, proofs: ProofCache(path: nil))
        diagnostics += protocolDiagnostics
        var exampleCount = 0
        if let library {
            for id in library.ids {
                guard let definition = library[id] else { continue }
                let file = "\(protocols)/\(id)/cases.yaml"
                guard FileManager.default.fileExists(atPath: file) else {
                    diagnostics.append(Diagnostic(.error, code: "no-examples", file: file, path: "", message: "every protocol needs worked examples"))
                    continue
                }
                let (examples, exampleDiagnostics) = WorkedExamples.load(file: file)
                diagnostics += exampleDiagnostics + WorkedExamples.run(examples, on: definition, file: file)
                if case .failure(let error) = QuestionnaireExporter.questionnaire(for: definition, publicURL: "https://localhost") {
                    diagnostics.append(
                        Diagnostic(.warning, code: "questionnaire-not-exportable", file: "\(protocols)/\(id)/protocol.yaml",
                                   path: "items", message: "\(error)"))
                }
                exampleCount += examples.count
            }
        }
        var publicForms = 0
        if let library {
            let (registry, registryDiagnostics) = QuestionnaireRegistryLoader.load(directory: protocols, protocols: library)
            diagnostics += registryDiagnostics
            publicForms = registry?.entries.count ?? 0
        }
        let (safetyPlans, safetyPlanDiagnostics) = SafetyPlanLoader.load(protocolsDirectory: protocols)
        diagnostics += safetyPlanDiagnostics
        let (plan, escalationDiagnostics) = EscalationLoader.load(directory: escalation)
        diagnostics += escalationDiagnostics
        var scenarioCount = 0
        if let plan {
            for receiver in plan.receivers.values.sorted(by: { $0.name < $1.name }) {
                let missing = receiver.missingVariables(in: ProcessEnvironment.current)
                guard !missing.isEmpty else { continue }
                diagnostics.append(
                    Diagnostic(.warning, code: "receiver-unconfigured", file: "\(escalation)/receivers.yaml", path: receiver.name,
                               message: "\(missing.joined(separator: ", ")) unset: receiver '\(receiver.name)' is left out at start"))
            }
            for gap in CoverageCheck.gaps(in: plan, from: Date()) {
                diagnostics.append(
                    Diagnostic(.error, code: "coverage-gap", file: "\(escalation)/schedules.yaml", path: gap.schedule,
                               message: "nobody is on call from \(Timestamps.iso8601(gap.at)) (checked 14 days ahead)"))
            }
        }
        if let library {
            let (count, scenarioDiagnostics) = await EscalationScenarios.runAll(in: escalation, protocols: library)
            scenarioCount = count
            diagnostics += scenarioDiagnostics
        }
        for diagnostic in diagnostics { print(diagnostic) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        print("\(library?.ids.count ?? 0) protocols, \(publicForms) public FHIR forms, \(safetyPlans?.templates.count ?? 0) safety-plan templates, \(exampleCount) worked examples, \(scenarioCount) escalation scenarios, "
            + "\(errors) errors, \(diagnostics.count - errors) warnings")
        if errors > 0 { throw ExitCode.failure }
    }
}

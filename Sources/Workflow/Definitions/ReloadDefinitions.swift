import CrisisCore
import EscalationEngine
import FHIR
import Logging
import RiskRules
import SafetyPlans

/// Loads `Protocols/` and `Escalation/`: strict reading, cross-references, proofs (cached by hash) and the
/// licence gate. One pipeline for start-up and reload.
public struct DefinitionsLoader: Sendable {
    public enum Result: Sendable {
        case reloaded(Definitions, warnings: [Diagnostic])
        case rejected([Diagnostic])
    }

    private let protocolsDirectory: String
    private let escalationDirectory: String
    private let proofs: ProofCache
    private let licences: any LicenceStore
    private let mode: DeploymentMode
    private let logger: Logger

    public init(
        protocolsDirectory: String, escalationDirectory: String, proofs: ProofCache, licences: any LicenceStore,
        mode: DeploymentMode, logger: Logger
    ) {
        self.protocolsDirectory = protocolsDirectory
        self.escalationDirectory = escalationDirectory
        self.proofs = proofs
        self.licences = licences
        self.mode = mode
        self.logger = logger
    }

    /// Loads and checks both folders and applies the licence gate, without swapping anything in.
    public func load() async -> Result {
        let (library, protocolDiagnostics) = ProtocolLoader.load(directory: protocolsDirectory, proofs: proofs)
        let (plan, escalationDiagnostics) = EscalationLoader.load(directory: escalationDirectory)
        var diagnostics = protocolDiagnostics + escalationDiagnostics
        var questionnaires: QuestionnaireRegistry?
        if let library {
            let (registry, registryDiagnostics) = QuestionnaireRegistryLoader.load(directory: protocolsDirectory, protocols: library)
            questionnaires = registry
            diagnostics += registryDiagnostics
        }
        let (safetyPlans, safetyPlanDiagnostics) = SafetyPlanLoader.load(protocolsDirectory: protocolsDirectory)
        diagnostics += safetyPlanDiagnostics
        guard let library, let plan, let questionnaires, var safetyPlans, !diagnostics.hasErrors else {
            logger.error(
                "definitions.reload_rejected",
                metadata: ["diagnostics.errors": "\(diagnostics.filter { $0.severity == .error }.count)",
                           "diagnostics.codes": "\(Set(diagnostics.map(\.code)).sorted().joined(separator: ","))"])
            return .rejected(diagnostics)
        }
        let records: [ProtocolID: LicenceRecord]
        do {
            records = try await licences.licenceRecords()
        } catch {
            let diagnostic = Diagnostic(.error, code: "licences-unreadable", file: "database", path: "", message: "cannot read licence records")
            return .rejected([diagnostic])
        }
        let gate = LicenceGate.apply(library, records: records, mode: mode)
        var warnings = diagnostics
        for id in gate.withheld {
            logger.warning("licence.withheld", metadata: ["protocol.id": "\(id)"])
            warnings.append(
                Diagnostic(.warning, code: "licence-not-recorded", file: "\(protocolsDirectory)/\(id)/protocol.yaml", path: "licence",
                           message: "not loaded in production: record the licence evidence with `crisisd licence record \(id)`"))
        }
        for id in gate.unlicensed.sorted() {
            logger.warning("licence.evaluation_only", metadata: ["protocol.id": "\(id)"])
            warnings.append(
                Diagnostic(.warning, code: "licence-not-recorded", file: "\(protocolsDirectory)/\(id)/protocol.yaml", path: "licence",
                           message: "evaluation only — licence not recorded; every result is flagged \(LicenceGate.evaluationOnlyFlag)"))
        }
        // Templates follow the same licence rule as protocols (design notes §7: Stanley-Brown in an electronic record).
        var unlicensed = gate.unlicensed
        for template in safetyPlans.templates.values.sorted(by: { $0.id < $1.id })
        where template.licenceEvidenceRequired && records[ProtocolID(template.id)] == nil {
            let file = "\(protocolsDirectory)/\(SafetyPlanLoader.folder)/\(template.id).yaml"
            switch mode {
            case .production:
                safetyPlans.templates[template.id] = nil
                logger.warning("licence.withheld", metadata: ["template.id": "\(template.id)"])
                warnings.append(
                    Diagnostic(.warning, code: "licence-not-recorded", file: file, path: "licence",
                               message: "not loaded in production: record the authors' written permission with `crisisd licence record \(template.id)`"))
            case .development:
                unlicensed.insert(ProtocolID(template.id))
                logger.warning("licence.evaluation_only", metadata: ["template.id": "\(template.id)"])
                warnings.append(
                    Diagnostic(.warning, code: "licence-not-recorded", file: file, path: "licence",
                               message: "evaluation only — licence not recorded; plans and printouts say so"))
            }
        }
        // A public form of a protocol withheld by the licence gate is withheld with it.
        let accepted = QuestionnaireRegistry(questionnaires.entries.values.filter { gate.library[$0.protocolID] != nil })
        return .reloaded(
            Definitions(
                protocols: gate.library, escalation: plan, unlicensed: unlicensed, questionnaires: accepted, safetyPlans: safetyPlans),
            warnings: warnings)
    }

}

/// Use case: load the definitions again and swap them in only if everything loads without errors.
///
/// A failed reload keeps the running set and reports every diagnostic. Stored assessments keep the id, version
/// and hash that judged them, so a reload never changes a past result.
public struct ReloadDefinitions: Sendable {
    private let loader: DefinitionsLoader
    private let registry: DefinitionsRegistry
    private let logger: Logger

    public init(loader: DefinitionsLoader, registry: DefinitionsRegistry, logger: Logger) {
        self.loader = loader
        self.registry = registry
        self.logger = logger
    }

    /// Loads, checks and swaps in the definitions; a failure keeps the running set.
    public func callAsFunction() async -> DefinitionsLoader.Result {
        let result = await loader.load()
        if case .reloaded(let definitions, _) = result {
            registry.replace(with: definitions)
            logger.notice(
                "definitions.reloaded",
                metadata: ["protocols": "\(definitions.protocols.ids.count)", "escalation.version": "\(definitions.escalation.version)",
                           "escalation.hash": "\(definitions.escalation.hash)"])
        }
        return result
    }
}

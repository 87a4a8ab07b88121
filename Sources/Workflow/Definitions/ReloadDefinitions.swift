import CrisisCore
import EscalationEngine
import Logging
import RiskRules

/// Use case: load `Protocols/` and `Escalation/` again and swap them in only if both load without errors.
///
/// A failed reload keeps the running set and reports every diagnostic. Stored assessments keep the id, version
/// and hash that judged them, so a reload never changes a past result.
public struct ReloadDefinitions: Sendable {
    public enum Result: Sendable {
        case reloaded(Definitions, warnings: [Diagnostic])
        case rejected([Diagnostic])
    }

    private let protocolsDirectory: String
    private let escalationDirectory: String
    private let registry: DefinitionsRegistry
    private let proofs: ProofCache
    private let logger: Logger

    public init(
        protocolsDirectory: String, escalationDirectory: String, registry: DefinitionsRegistry, proofs: ProofCache, logger: Logger
    ) {
        self.protocolsDirectory = protocolsDirectory
        self.escalationDirectory = escalationDirectory
        self.registry = registry
        self.proofs = proofs
        self.logger = logger
    }

    public func callAsFunction() -> Result {
        let (library, protocolDiagnostics) = ProtocolLoader.load(directory: protocolsDirectory, proofs: proofs)
        let (plan, escalationDiagnostics) = EscalationLoader.load(directory: escalationDirectory)
        let diagnostics = protocolDiagnostics + escalationDiagnostics
        guard let library, let plan, !diagnostics.hasErrors else {
            logger.error(
                "definitions.reload_rejected",
                metadata: ["diagnostics.errors": "\(diagnostics.filter { $0.severity == .error }.count)",
                           "diagnostics.codes": "\(Set(diagnostics.map(\.code)).sorted().joined(separator: ","))"])
            return .rejected(diagnostics)
        }
        let definitions = Definitions(protocols: library, escalation: plan)
        registry.replace(with: definitions)
        logger.notice(
            "definitions.reloaded",
            metadata: ["protocols": "\(library.ids.count)", "escalation.version": "\(plan.version)",
                       "escalation.hash": "\(plan.hash)"])
        return .reloaded(definitions, warnings: diagnostics)
    }
}

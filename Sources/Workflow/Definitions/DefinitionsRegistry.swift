import CrisisCore
import EscalationEngine
import FHIR
import RiskRules
import SafetyPlans
import Synchronization

/// One consistent snapshot of the definitions in force; each request reads one snapshot, so versions never mix.
public struct Definitions: Sendable {
    public var protocols: ProtocolLibrary
    public var escalation: EscalationPlan
    /// Protocols and safety-plan templates in use without recorded licence evidence (development only): their
    /// evaluations are flagged, their plans and printouts say so.
    public var unlicensed: Set<ProtocolID>
    /// Public Questionnaire canonicals accepted at `/fhir` besides crisisd's own.
    public var questionnaires: QuestionnaireRegistry
    /// Safety-plan templates and the crisis resources directory (`Protocols/safety-plans/`).
    public var safetyPlans: SafetyPlanLibrary

    public init(
        protocols: ProtocolLibrary, escalation: EscalationPlan, unlicensed: Set<ProtocolID> = [],
        questionnaires: QuestionnaireRegistry = QuestionnaireRegistry(), safetyPlans: SafetyPlanLibrary = SafetyPlanLibrary()
    ) {
        self.protocols = protocols
        self.escalation = escalation
        self.unlicensed = unlicensed
        self.questionnaires = questionnaires
        self.safetyPlans = safetyPlans
    }

    /// Whether a safety plan made from this template may go out without the "evaluation only" mark: the template
    /// needs no licence evidence, or the evidence is recorded. An unknown template needs none.
    public func licenceRecorded(template: SafetyPlanTemplate?, id: String) -> Bool {
        !(template?.licenceEvidenceRequired ?? false) || !unlicensed.contains(ProtocolID(id))
    }
}

/// Holds the current `Definitions`; a reload swaps the whole snapshot atomically.
public final class DefinitionsRegistry: Sendable {
    private let state: Mutex<Definitions>

    public init(_ definitions: Definitions) { state = Mutex(definitions) }

    public var current: Definitions { state.withLock { $0 } }

    public func replace(with definitions: Definitions) { state.withLock { $0 = definitions } }
}

import CrisisCore
import Foundation
import RiskRules

/// FHIR R4 `Observation` for an instrument's total score (PHQ-9: LOINC 44261-6), category `survey`,
/// `valueInteger` (reference/integration-security.md A1: the simplest for receivers).
public struct ScoreObservation: Codable, Sendable, Equatable {
    public var resourceType = "Observation"
    public var id: String
    public var meta: RiskAssessment.Meta
    public var status = "final"
    public var category: [RiskAssessment.CodeableConcept]
    public var code: RiskAssessment.CodeableConcept
    public var subject: RiskAssessment.Reference
    public var effectiveDateTime: String
    public var valueInteger: Int
    public var derivedFrom: [RiskAssessment.Reference]?

    /// The Observation id of an assessment's score.
    public static func fhirID(_ id: AssessmentID) -> String { "\(RiskAssessmentMapper.fhirID(id))-score" }

    /// The assessment id an Observation id names, if it is a score Observation's.
    public static func assessmentID(fromFHIRID id: String) -> AssessmentID? {
        guard id.hasSuffix("-score") else { return nil }
        return RiskAssessmentMapper.assessmentID(fromFHIRID: String(id.dropLast("-score".count)))
    }

    /// `nil` when the screen has no score (an instrument without one, or answers that could not be scored).
    public static func observation(
        for assessment: Assessment, definition: ProtocolDefinition?, questionnaireResponseID: String?, iso8601: (Date) -> String
    ) -> ScoreObservation? {
        guard let value = assessment.evaluation.score else { return nil }
        let score = definition?.scores.first
        return ScoreObservation(
            id: fhirID(assessment.id),
            meta: .init(security: [Coding(system: "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", code: "R", display: "restricted")]),
            category: [.init(coding: [Coding(system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "survey", display: "Survey")], text: nil)],
            code: .init(
                coding: score?.loinc.map { [Coding(system: Coding.loincSystem, code: $0, display: score?.label)] },
                text: score?.label ?? "\(assessment.evaluation.protocolID.rawValue) score"),
            subject: .init(
                reference: nil, identifier: .init(system: assessment.subject.system, value: assessment.subject.value), display: nil),
            effectiveDateTime: iso8601(assessment.completedAt), valueInteger: value,
            derivedFrom: questionnaireResponseID.map { [.init(reference: "QuestionnaireResponse/\($0)", identifier: nil, display: nil)] })
    }
}

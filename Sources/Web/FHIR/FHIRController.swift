import CrisisCore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RiskRules
import Workflow

/// `/fhir`: the R4 resources crisisd serves. For now each protocol's Questionnaire.
struct FHIRController {
    let registry: DefinitionsRegistry
    let publicURL: String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("fhir/Questionnaire/{id}") { _, context in
            let id = try context.parameters.require("id")
            let protocolID = QuestionnaireExporter.protocolID(fromFHIRID: id)
            guard let definition = registry.current.protocols[protocolID] else {
                return try Self.resource(
                    OperationOutcome(code: "not-found", diagnostics: "no Questionnaire with this id"), status: .notFound)
            }
            switch QuestionnaireExporter.questionnaire(for: definition, publicURL: publicURL) {
            case .success(let questionnaire):
                return try Self.resource(questionnaire, status: .ok)
            case .failure(let error):
                return try Self.resource(
                    OperationOutcome(code: "not-supported", diagnostics: "this protocol cannot be expressed as a Questionnaire: \(error)"),
                    status: .unprocessableContent)
            }
        }
    }

    /// A FHIR resource as `application/fhir+json`, element names as FHIR spells them.
    static func resource(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        try JSONResponse.make(value, status: status, contentType: "application/fhir+json", keys: .asWritten)
    }
}

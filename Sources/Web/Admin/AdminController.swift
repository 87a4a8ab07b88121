import CrisisCore
import EscalationEngine
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RiskRules
import Workflow

/// `/api/v1/admin`: operations for administrators.
struct AdminController {
    let reload: ReloadDefinitions

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("admin/reload", use: reloadDefinitions)
    }

    private struct DefinitionsDTO: Encodable {
        struct ProtocolDTO: Encodable {
            var id: String
            var version: String
            var hash: String
        }

        struct EscalationDTO: Encodable {
            var version: String
            var hash: String
        }

        var protocols: [ProtocolDTO]
        var escalation: EscalationDTO
        var warnings: [String]
    }

    @Sendable func reloadDefinitions(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(\.mayReloadDefinitions, action: "reload definitions")
        switch await reload() {
        case .rejected(let diagnostics):
            throw APIProblem(
                .unprocessableContent, title: "Unprocessable Content",
                detail: "the definitions have errors; the running set is unchanged",
                errors: diagnostics.filter { $0.severity == .error }.map { .init(pointer: "", detail: $0.description) })
        case .reloaded(let definitions, let warnings):
            let dto = DefinitionsDTO(
                protocols: definitions.protocols.ids.compactMap { definitions.protocols[$0] }.map {
                    .init(id: $0.id.rawValue, version: $0.version, hash: $0.hash)
                },
                escalation: .init(version: definitions.escalation.version, hash: definitions.escalation.hash),
                warnings: warnings.map(\.description))
            return try JSONResponse.make(dto, status: .ok)
        }
    }
}

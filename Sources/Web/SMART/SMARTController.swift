import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Workflow

/// SMART Backend Services: `GET /.well-known/smart-configuration` (also under `/fhir`, the FHIR base) and
/// `POST /auth/token`. Errors follow OAuth 2.0 (RFC 6749 §5.2): `{"error": …, "error_description": …}`.
struct SMARTController {
    let issue: IssueAccessToken
    let publicURL: String
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        for path in [".well-known/smart-configuration", "fhir/.well-known/smart-configuration"] {
            router.get(RouterPath(path)) { _, _ in try JSONResponse.make(configuration, status: .ok) }
        }
        router.post("auth/token") { request, context in try await token(request, context) }
    }

    private var configuration: [String: JSONValue] {
        [
            "token_endpoint": .string("\(publicURL)/auth/token"),
            "grant_types_supported": .array([.string("client_credentials")]),
            "token_endpoint_auth_methods_supported": .array([.string("private_key_jwt")]),
            "token_endpoint_auth_signing_alg_values_supported": .array([.string("RS384"), .string("ES384")]),
            "scopes_supported": .array(
                ["system/QuestionnaireResponse.c", "system/QuestionnaireResponse.r", "system/RiskAssessment.rs",
                 "system/Observation.r"].map(JSONValue.string)),
            "capabilities": .array([.string("client-confidential-asymmetric"), .string("permission-v2"), .string("permission-v1")]),
        ]
    }

    private func token(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return try Self.error(.badRequest, "invalid_request", "send application/x-www-form-urlencoded")
        }
        let bytes: [UInt8]
        do {
            bytes = try await request.bodyBytes(limit: min(maxBodyBytes, 64 * 1024))
        } catch {
            return try Self.error(.contentTooLarge, "invalid_request", "the body is too large")
        }
        let form = FormFields.parse(String(decoding: bytes, as: UTF8.self))
        let issued: IssueAccessToken.Issued
        do {
            issued = try await issue(
                .init(
                    grantType: form["grant_type"], scope: form["scope"], assertionType: form["client_assertion_type"],
                    assertion: form["client_assertion"]))
        } catch let refusal as IssueAccessToken.Refusal {
            // The reason stays in the log; the client learns only the OAuth error code.
            context.logger.notice("token refused", metadata: ["oauth.error": "\(refusal.code.rawValue)", "reason": "\(refusal.reason)"])
            return try Self.error(refusal.code == .invalidClient ? .unauthorized : .badRequest, refusal.code.rawValue, refusal.description)
        } catch {
            context.logger.error("token endpoint store failure", metadata: ["error": "\(type(of: error))"])
            return try Self.error(.serviceUnavailable, "temporarily_unavailable", "retry shortly")
        }
        context.logger.info("access token issued", metadata: ["client.id": "\(issued.clientID)", "scope": "\(issued.scope)"])
        var response = try JSONResponse.make(
            [
                "access_token": JSONValue.string(issued.accessToken), "token_type": .string("bearer"),
                "expires_in": .integer(issued.expiresIn), "scope": .string(issued.scope),
            ], status: .ok)
        response.headers[.cacheControl] = "no-store"
        response.headers[.pragma] = "no-cache"
        return response
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ description: String) throws -> Response {
        var response = try JSONResponse.make(
            ["error": JSONValue.string(code), "error_description": .string(description)], status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

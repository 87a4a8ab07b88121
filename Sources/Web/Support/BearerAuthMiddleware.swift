import CrisisCore
import Foundation
import Hummingbird
import Logging
import Workflow

/// Requires an authenticated principal on every route behind it (401 without one).
public struct BearerAuthMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let authenticate: RequestAuthenticator

    public init(authenticate: RequestAuthenticator) { self.authenticate = authenticate }

    public func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        switch await authenticate(request, context: context) {
        case .missing:
            throw APIProblem(.unauthorized, title: "Unauthorized", detail: "a bearer token is required")
        case .refused:
            throw APIProblem(.unauthorized, title: "Unauthorized", detail: "the bearer token is unknown, revoked or expired")
        case .unavailable:
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "cannot check the token now; retry")
        case .authenticated(let principal):
            var context = context
            context.principal = principal
            context.logger[metadataKey: "principal.id"] = "\(principal.id)"
            return try await next(request, context)
        }
    }
}

extension AppRequestContext {
    /// The authenticated principal if its role allows the action (403 otherwise). Registered SMART clients
    /// hold FHIR scopes, which say nothing about the JSON API: they are refused here.
    func require(_ allowed: (Role) -> Bool, action: String) throws -> Principal {
        guard let principal else {
            throw APIProblem(.unauthorized, title: "Unauthorized", detail: "a bearer token is required")
        }
        guard principal.scopes == nil else {
            throw APIProblem(.forbidden, title: "Forbidden", detail: "SMART client tokens are for /fhir; use a token from `crisisd token create` here")
        }
        guard allowed(principal.role) else {
            throw APIProblem(.forbidden, title: "Forbidden", detail: "role \(principal.role.rawValue) may not \(action)")
        }
        return principal
    }
}

import CrisisCore
import Foundation
import Hummingbird
import Logging
import Workflow

/// Requires a valid bearer token on every route behind it (401 without one).
public struct BearerAuthMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let authenticate: AuthenticateToken

    public init(authenticate: AuthenticateToken) { self.authenticate = authenticate }

    public func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw APIProblem(.unauthorized, title: "Unauthorized", detail: "a bearer token is required")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        let principal: Principal?
        do {
            principal = try await authenticate(token)
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "cannot check the token now; retry")
        }
        guard let principal else {
            throw APIProblem(.unauthorized, title: "Unauthorized", detail: "the bearer token is unknown or revoked")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "principal.id"] = "\(principal.id)"
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// The authenticated principal if its role allows the action (403 otherwise).
    func require(_ allowed: (Role) -> Bool, action: String) throws -> Principal {
        guard let principal else {
            throw APIProblem(.unauthorized, title: "Unauthorized", detail: "a bearer token is required")
        }
        guard allowed(principal.role) else {
            throw APIProblem(.forbidden, title: "Forbidden", detail: "role \(principal.role.rawValue) may not \(action)")
        }
        return principal
    }
}

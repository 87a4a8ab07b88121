import Foundation
import HTTPTypes
import Hummingbird

/// What a request that matches no route gets. Hummingbird answers an empty 404 both for an unknown path and for
/// a known path with a method it does not serve; HTTP says the latter is 405 with `Allow` (RFC 9110 §15.5.6).
/// Both are answered in the caller's language: an OperationOutcome under `/fhir`, problem+json elsewhere.
/// Added to the router last, it wraps only the router's not-found responder.
struct UnmatchedRouteMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: [(path: RouterPath, method: HTTPRequest.Method)]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = Self.allowed(for: request.uri.path, in: routes)
            let fhir = request.uri.path == "/fhir" || request.uri.path.hasPrefix("/fhir/")
            guard !allowed.isEmpty else {
                if fhir { return try FHIRController.outcome(.notFound, "not-found", "no such FHIR endpoint") }
                throw APIProblem.notFound("no such resource")
            }
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            let detail = "\(request.method.rawValue) is not served here; use \(allow)"
            var response =
                fhir
                ? try FHIRController.outcome(.methodNotAllowed, "not-supported", detail)
                : try APIProblem(.methodNotAllowed, title: "Method Not Allowed", detail: detail).response(from: request, context: context)
            response.headers[.allow] = allow
            return response
        }
    }

    /// The methods served at `path`, HEAD wherever GET is (Hummingbird answers HEAD from GET), in a stable order.
    static func allowed(for path: String, in routes: [(path: RouterPath, method: HTTPRequest.Method)]) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods = Set(routes.filter { matches($0.path.components, segments[...]) }.map(\.method))
        if methods.contains(.get) { methods.insert(.head) }
        let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
        return order.filter(methods.contains) + methods.filter { !order.contains($0) }.sorted { $0.rawValue < $1.rawValue }
    }

    private static func matches(_ components: [RouterPath.Element], _ segments: ArraySlice<Substring>) -> Bool {
        guard let first = components.first else { return segments.isEmpty }
        if first == RouterPath.Element.recursiveWildcard { return true }
        guard let segment = segments.first, first ~= segment else { return false }
        return matches(Array(components.dropFirst()), segments.dropFirst())
    }
}

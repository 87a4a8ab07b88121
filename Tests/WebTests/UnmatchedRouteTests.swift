import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Web
@testable import crisisd

/// A request no route serves: 405 with `Allow` when the path exists under other methods, 404 otherwise, each in
/// the caller's language (problem+json, or an OperationOutcome under `/fhir`); a served request is untouched.
@Suite struct UnmatchedRouteTests {
    @Test(arguments: [
        ("DELETE", "/api/v1/assessments", 405, "POST", "application/problem+json"),
        ("DELETE", "/api/v1/episodes/epi_1", 405, "GET, HEAD", "application/problem+json"),
        ("PUT", "/fhir/QuestionnaireResponse", 405, "POST", "application/fhir+json"),
        ("PATCH", "/login", 405, "GET, HEAD, POST", "application/problem+json"),
        ("GET", "/no/such/thing", 404, nil, "application/problem+json"),
        ("GET", "/fhir/Patient/1", 404, nil, "application/fhir+json"),
    ] as [(String, String, Int, String?, String)])
    func unmatchedRequestsAreNamed(method: String, path: String, status: Int, allow: String?, contentType: String) async throws {
        let daemon = try await TestDaemon.make()
        try await daemon.server.application.test(.router) { client in
            let response = try await client.execute(uri: path, method: HTTPRequest.Method(method)!)
            #expect(response.status.code == status)
            #expect(response.headers[.allow] == allow)
            #expect(response.headers[.contentType] == contentType)
            #expect(String(buffer: response.body).contains(status == 405 ? "\(method) is not served here" : "no such"))
            // A route that exists answers as before.
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
        }
    }

    @Test func pathsMatchTheirTemplates() {
        let routes: [(path: RouterPath, method: HTTPRequest.Method)] = [
            ("/api/v1/episodes/{id}", .get), ("/api/v1/episodes/{id}/acknowledge", .post), ("/files/**", .get),
        ]
        #expect(UnmatchedRouteMiddleware<AppRequestContext>.allowed(for: "/api/v1/episodes/epi_1", in: routes) == [.get, .head])
        #expect(UnmatchedRouteMiddleware<AppRequestContext>.allowed(for: "/api/v1/episodes/epi_1/acknowledge", in: routes) == [.post])
        #expect(UnmatchedRouteMiddleware<AppRequestContext>.allowed(for: "/api/v1/episodes", in: routes).isEmpty)
        #expect(UnmatchedRouteMiddleware<AppRequestContext>.allowed(for: "/files/a/b/c", in: routes) == [.get, .head])
    }
}

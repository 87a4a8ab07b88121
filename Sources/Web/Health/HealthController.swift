import Hummingbird
import HTTPTypes
import NIOCore

/// `/healthz` (the process answers), `/readyz` (database open, definitions loaded, pages deliverable) and `/metrics`.
struct HealthController {
    /// Named readiness checks; all must pass for `/readyz` to answer 200.
    let readiness: @Sendable () async -> [(name: String, ok: Bool)]
    let metricsText: @Sendable () -> [UInt8]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in Self.text("ok\n", status: .ok) }
        router.get("readyz") { _, _ in
            let checks = await readiness()
            let body = checks.map { "\($0.name): \($0.ok ? "ok" : "failing")" }.joined(separator: "\n") + "\n"
            return Self.text(body, status: checks.allSatisfy(\.ok) ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: metricsText())))
        }
    }

    static func text(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

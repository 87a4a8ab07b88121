import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders a page template with its view model into an HTML response with the UI's security headers.
enum UIPage {
    static func render(
        _ templates: MustacheLibrary, _ name: String, _ model: Any, status: HTTPResponse.Status = .ok, script: Bool = false
    ) -> Response {
        let html = templates.render(model, withTemplate: name) ?? "<!DOCTYPE html><title>crisisd</title><p>Page not available.</p>"
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        UISecurityHeaders.apply(to: &headers, script: script)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Post/redirect/get: a 303 to `location`, optionally setting a cookie.
    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location]
        if let cookie { headers[.setCookie] = cookie }
        UISecurityHeaders.apply(to: &headers)
        return Response(status: .seeOther, headers: headers)
    }

    /// The form fields of a POST.
    static func form(_ request: Request, limit: Int) async throws -> [String: String] {
        FormFields.parse(String(decoding: try await request.bodyBytes(limit: min(limit, 64 * 1024)), as: UTF8.self))
    }
}

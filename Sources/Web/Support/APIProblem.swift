import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An RFC 9457 problem+json error naming the offending fields by JSON pointer.
///
/// Details are written for the client and never echo submitted values (which may be patient data).
public struct APIProblem: HTTPResponseError {
    /// One problem with one field.
    public struct FieldError: Encodable, Sendable, Equatable {
        public var pointer: String
        public var detail: String

        public init(pointer: String, detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    public var errors: [FieldError]

    public init(_ status: HTTPResponse.Status, title: String, detail: String, errors: [FieldError] = []) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    private struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var pointer: String?
        var errors: [FieldError]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            type: "about:blank", title: title, status: status.code, detail: detail, pointer: errors.first?.pointer,
            errors: errors.isEmpty ? nil : errors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func notFound(_ detail: String) -> APIProblem { APIProblem(.notFound, title: "Not Found", detail: detail) }
}

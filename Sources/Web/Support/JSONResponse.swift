import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds JSON responses the same way everywhere: sorted keys, unescaped slashes.
enum JSONResponse {
    enum Keys {
        /// Swift property names as written (FHIR resources).
        case asWritten
        /// snake_case (the `/api/v1` wire format).
        case snakeCase
    }

    static func make(
        _ value: some Encodable, status: HTTPResponse.Status, contentType: String = "application/json", keys: Keys = .snakeCase
    ) throws -> Response {
        let encoder = JSONEncoder()
        if keys == .snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Array(try encoder.encode(value)))))
    }
}

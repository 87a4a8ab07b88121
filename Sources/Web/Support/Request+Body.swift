import Hummingbird
import NIOCore

extension Request {
    /// The whole body as bytes, or a 413 problem when it is larger than `limit`.
    func bodyBytes(limit: Int) async throws -> [UInt8] {
        do {
            var buffer = try await body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw APIProblem(.contentTooLarge, title: "Content Too Large", detail: "the body is larger than \(limit) bytes")
        }
    }
}

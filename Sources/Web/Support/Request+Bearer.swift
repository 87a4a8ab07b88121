import Foundation
import Hummingbird

extension Request {
    /// The token of an `Authorization: Bearer …` header; `nil` when there is no such header or another scheme.
    var bearerToken: String? {
        guard let header = headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }
}

import Foundation
import HTTPTypes
import Hummingbird

/// The session cookie: `__Host-` prefixed (Secure, Path=/, no Domain), HttpOnly, SameSite=Strict.
enum UICookie {
    static let session = "__Host-crisisd_session"
    /// Plain-HTTP development cannot set `__Host-`/Secure cookies, so it uses this name.
    static let insecureSession = "crisisd_session"

    static func name(secure: Bool) -> String { secure ? session : insecureSession }

    static func set(_ value: String, secure: Bool) -> String {
        "\(name(secure: secure))=\(value); Path=/; HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }

    static func clear(secure: Bool) -> String {
        "\(name(secure: secure))=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0\(secure ? "; Secure" : "")"
    }

    /// The session cookie's value.
    static func value(in request: Request, secure: Bool) -> String? { value(named: name(secure: secure), in: request) }

    /// The value of the cookie called `wanted`.
    static func value(named wanted: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == wanted { return String(parts[1]) }
            }
        }
        return nil
    }
}

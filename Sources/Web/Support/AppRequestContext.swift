import CrisisCore
import Hummingbird
import Logging
import NIOCore

/// Per-request state: the connection (for its TLS client certificate) and the authenticated principal, set
/// by `BearerAuthMiddleware` or the FHIR controller.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        channel = source.channel
    }
}

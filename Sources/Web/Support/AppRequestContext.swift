import CrisisCore
import Hummingbird
import Logging
import NIOCore

/// Per-request state: the authenticated principal, set by `BearerAuthMiddleware`.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
    }
}

import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Outbound dead-man's switch: GETs a monitor's URL on an interval, so that an external system notices when
/// crisisd (or its host) stops; it cannot page about its own death.
public struct HeartbeatPinger: Service {
    private let url: String
    private let interval: Duration
    private let client: HTTPClient
    private let logger: Logger

    public init(url: String, interval: Duration, client: HTTPClient, logger: Logger) {
        self.url = url
        self.interval = interval
        self.client = client
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await ping()
            try? await Task.sleep(for: interval)
        }
    }

    /// One ping; true on a 2xx.
    @discardableResult
    public func ping() async -> Bool {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "user-agent", value: "crisisd")
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 16 * 1024)
            let ok = (200..<300).contains(response.status.code)
            if !ok { logger.warning("heartbeat.failed", metadata: ["http.status": "\(response.status.code)"]) }
            return ok
        } catch {
            logger.warning("heartbeat.failed", metadata: ["error.type": "\(type(of: error))"])
            return false
        }
    }
}

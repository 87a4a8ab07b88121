import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A real HTTP server on 127.0.0.1 that records every POST and answers with scripted statuses (then `success`).
public final class LoopbackReceiver: Sendable {
    public struct Received: Sendable {
        public var headers: [String: String]
        public var body: [UInt8]
        /// Path and query, e.g. `/v2/alerts/x/acknowledge?identifierType=alias`.
        public var target: String = ""
    }

    private struct State {
        var received: [Received] = []
        var script: [Int]
        var success: Int
    }

    private let state: Mutex<State>

    public init(statuses: [Int] = [], success: Int = 200) { state = Mutex(State(script: statuses, success: success)) }

    public var received: [Received] { state.withLock { $0.received } }

    /// Runs the receiver for the duration of `body`, which gets its port.
    public func run<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        // `/hook` and any deeper path: channels post to their own API paths.
        let record: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = self.state.withLock { state -> Int in
                state.received.append(Received(headers: headers, body: Array(buffer.readableBytesView), target: request.uri.description))
                return state.script.isEmpty ? state.success : state.script.removeFirst()
            }
            return Response(status: .init(code: status))
        }
        router.post("hook", use: record)
        router.post("**", use: record)
        // Heartbeat pings are GETs; recorded the same way.
        router.get("hook") { request, _ -> Response in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            self.state.withLock { $0.received.append(Received(headers: headers, body: [])) }
            return Response(status: .ok)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "loopback-receiver")
        logger.logLevel = .error
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withRunningService(app) {
            var iterator = ports.makeAsyncIterator()
            return try await body(await iterator.next() ?? 0)
        }
    }

    /// Waits (polling, bounded) until at least `count` requests arrived; false on timeout.
    public func waitFor(count: Int, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if received.count >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received.count >= count
    }
}

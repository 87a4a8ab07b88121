import Logging
import ServiceLifecycle

/// Runs a service (an HTTP application, say) for the duration of `body`, then shuts it down gracefully.
public func withRunningService<T: Sendable>(
    _ service: some Service, _ body: () async throws -> T
) async throws -> T {
    let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test-services")))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let value = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the definitions on SIGHUP, the way daemons conventionally re-read their configuration.
public struct DefinitionsReloader: Service {
    private let reload: ReloadDefinitions

    public init(reload: ReloadDefinitions) { self.reload = reload }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = await reload()
        }
    }
}

import CrisisCore
import Synchronization

/// Predictable identifiers (`asm_1`, `msg_2`, …) for tests.
public final class SequentialIdentifiers: IdentifierGenerator {
    private let counter = Mutex(0)

    public init() {}

    public func make(prefix: String) -> String {
        let next = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return "\(prefix)_\(next)"
    }
}

import Synchronization

/// Group commit: concurrent submissions share one transaction, and so one fsync, without weakening durability.
///
/// The first caller to find no write in progress becomes the leader: it writes its own item together with
/// everything queued meanwhile (one transaction) and resumes each waiter with its own result. If more callers
/// queued during that write, the oldest becomes the next leader, so no caller waits on others' batches for
/// long. No task is spawned.
final class GroupCommitter<Item: Sendable, Outcome: Sendable>: Sendable {
    typealias Write = @Sendable ([Item]) async -> [Result<Outcome, any Error>]

    private enum Wake {
        case done(Result<Outcome, any Error>)
        /// The leader finished before this caller could queue: try to lead.
        case retry
        /// The previous leader handed over: write this caller's item and the queue.
        case lead
    }

    private struct Waiter {
        var item: Item
        var continuation: CheckedContinuation<Wake, Never>
    }

    private struct State {
        var writing = false
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())
    private let maximumBatch: Int
    private let write: Write

    /// `write` must return exactly one result per item, in order.
    init(maximumBatch: Int = 256, write: @escaping Write) {
        self.maximumBatch = maximumBatch
        self.write = write
    }

    func submit(_ item: Item) async throws -> Outcome {
        while true {
            let lead = state.withLock { state -> Bool in
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if lead { return try await leadBatch(with: item).get() }
            let wake = await withCheckedContinuation { (continuation: CheckedContinuation<Wake, Never>) in
                let queued = state.withLock { state -> Bool in
                    guard state.writing else { return false }
                    state.waiters.append(Waiter(item: item, continuation: continuation))
                    return true
                }
                if !queued { continuation.resume(returning: .retry) }
            }
            switch wake {
            case .done(let result): return try result.get()
            case .lead: return try await leadBatch(with: item).get()
            case .retry: continue
            }
        }
    }

    /// Writes the leader's item with the queue, then hands leadership on (or releases it); returns the leader's result.
    private func leadBatch(with own: Item) async -> Result<Outcome, any Error> {
        let batch = state.withLock { state -> [Waiter] in
            let taken = Array(state.waiters.prefix(maximumBatch - 1))
            state.waiters.removeFirst(taken.count)
            return taken
        }
        let results = await write([own] + batch.map(\.item))
        for (index, waiter) in batch.enumerated() {
            let result = index + 1 < results.count ? results[index + 1] : .failure(GroupCommitError.missingResult)
            waiter.continuation.resume(returning: .done(result))
        }
        let next = state.withLock { state -> Waiter? in
            guard !state.waiters.isEmpty else {
                state.writing = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return results.first ?? .failure(GroupCommitError.missingResult)
    }
}

/// The write returned fewer results than items: a programming error, reported rather than crashing.
enum GroupCommitError: Error {
    case missingResult
}

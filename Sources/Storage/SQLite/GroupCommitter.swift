import Synchronization

/// Group commit: concurrent submissions share one transaction, and so one fsync, without weakening durability.
///
/// The first caller to find no write in progress becomes the leader: it writes its own item together with
/// everything queued meanwhile, resumes each waiter with its own result, and repeats until the queue is empty.
/// No task is spawned; leadership passes to whichever caller arrives when no write is running.
final class GroupCommitter<Item: Sendable, Outcome: Sendable>: Sendable {
    typealias Write = @Sendable ([Item]) async -> [Result<Outcome, any Error>]

    private enum Wake {
        case done(Result<Outcome, any Error>)
        /// The leader finished before this caller could queue: try to lead.
        case retry
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
            if lead { return try await leadBatches(starting: item).get() }
            let wake = await withCheckedContinuation { (continuation: CheckedContinuation<Wake, Never>) in
                let queued = state.withLock { state -> Bool in
                    guard state.writing else { return false }
                    state.waiters.append(Waiter(item: item, continuation: continuation))
                    return true
                }
                if !queued { continuation.resume(returning: .retry) }
            }
            if case .done(let result) = wake { return try result.get() }
        }
    }

    /// Writes batches until nobody is waiting; returns the leader's own result.
    private func leadBatches(starting own: Item) async -> Result<Outcome, any Error> {
        var ownResult: Result<Outcome, any Error>?
        var batch = takeWaiters(limit: maximumBatch - 1)
        var items = [own] + batch.map(\.item)
        while true {
            let results = await write(items)
            let offset = ownResult == nil ? 1 : 0
            if ownResult == nil { ownResult = results.first ?? .failure(GroupCommitError.missingResult) }
            for (index, waiter) in batch.enumerated() {
                let result = index + offset < results.count ? results[index + offset] : .failure(GroupCommitError.missingResult)
                waiter.continuation.resume(returning: .done(result))
            }
            batch = state.withLock { state -> [Waiter] in
                let taken = Array(state.waiters.prefix(maximumBatch))
                state.waiters.removeFirst(taken.count)
                if taken.isEmpty { state.writing = false }
                return taken
            }
            if batch.isEmpty { return ownResult ?? .failure(GroupCommitError.missingResult) }
            items = batch.map(\.item)
        }
    }

    private func takeWaiters(limit: Int) -> [Waiter] {
        state.withLock { state in
            let taken = Array(state.waiters.prefix(limit))
            state.waiters.removeFirst(taken.count)
            return taken
        }
    }
}

/// The write returned fewer results than items: a programming error, reported rather than crashing.
enum GroupCommitError: Error {
    case missingResult
}

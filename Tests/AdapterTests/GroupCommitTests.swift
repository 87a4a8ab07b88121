import CrisisCore
import CrisisTestSupport
import Foundation
import Synchronization
import Testing

@testable import Storage

@Suite struct GroupCommitTests {
    @Test func concurrentSubmissionsShareBatchesAndEachGetsItsOwnResult() async throws {
        let batches = Mutex<[Int]>([])
        let committer = GroupCommitter<Int, Int>(maximumBatch: 64) { items in
            batches.withLock { $0.append(items.count) }
            try? await Task.sleep(for: .milliseconds(2))  // stands in for the fsync
            return items.map { .success($0 * 10) }
        }
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for value in 0..<500 { group.addTask { (value, try await committer.submit(value)) } }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(results.count == 500)
        #expect(results.allSatisfy { $0.value == $0.key * 10 })
        let sizes = batches.withLock { $0 }
        #expect(sizes.reduce(0, +) == 500)
        #expect(sizes.count < 500)  // batching happened
        #expect(sizes.allSatisfy { $0 <= 64 })
    }

    @Test func aFailingWriteFailsOnlyItsOwnItems() async throws {
        let committer = GroupCommitter<Int, Int> { items in
            items.map { $0.isMultiple(of: 7) ? .failure(StoreError.unavailable("test")) : .success($0) }
        }
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for value in 0..<100 { group.addTask { (value, (try? await committer.submit(value)) != nil) } }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.allSatisfy { $0.value == !$0.key.isMultiple(of: 7) })
    }

    @Test func aBadSubmissionInABatchIsRolledBackAloneInSQLite() async throws {
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let now = Date()
        func submission(_ id: String, page: String) -> AssessmentSubmission {
            let evaluation = Evaluation(
                protocolID: ProtocolID("p"), version: "1", hash: "sha256:x", outcome: "high", score: nil, tier: .high,
                domain: .self, flags: [], action: RequiredAction(actionClass: .stat, withinMinutes: 60, text: "now"),
                fired: [], problems: [])
            let assessment = Assessment(
                id: AssessmentID(id), subject: SubjectIdentifier(system: "s", value: "v"), site: nil, answers: [:],
                evaluation: evaluation, completedAt: now, receivedAt: now, submittedBy: PrincipalID("prn"))
            let message = OutboxMessage(
                id: PageID(page), receiver: "oncall", assessmentID: AssessmentID(id), eventType: "t", body: [], createdAt: now,
                nextAttemptAt: now)
            return AssessmentSubmission(assessment: assessment, pages: [message], idempotencyKey: nil, requestDigest: "d")
        }
        // The second reuses the first's page id: its savepoint rolls back, the others commit.
        let results = await SQLiteStore.commit(
            [submission("asm_1", page: "msg_1"), submission("asm_2", page: "msg_1"), submission("asm_3", page: "msg_3")],
            pool: store.pool)
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true])
        #expect(try await store.count(table: "assessment") == 2)
        #expect(try await store.assessment(id: AssessmentID("asm_2")) == nil)
        #expect(try await store.count(table: "outbox") == 2)
    }
}

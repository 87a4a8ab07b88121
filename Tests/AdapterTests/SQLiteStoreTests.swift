import CrisisCore
import CrisisTestSupport
import Foundation
import Storage
import Testing

@Suite struct SQLiteStoreTests {
    @Test func runsInWALWithSynchronousFull() async throws {
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        let settings = try await store.durabilitySettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2)  // FULL
    }

    @Test func tokensAreStoredHashedAndRevocable() async throws {
        let store = try SQLiteStore(path: RepositoryPaths.temporaryDirectory() + "/db.sqlite")
        try await store.createToken(name: "epic", role: .ehr, tokenHash: "h1", principalID: PrincipalID("prn_1"), at: Date())
        await #expect(throws: StoreError.self) {
            try await store.createToken(name: "epic", role: .ehr, tokenHash: "h2", principalID: PrincipalID("prn_2"), at: Date())
        }
        #expect(try await store.principal(forTokenHash: "h1")?.role == .ehr)
        #expect(try await store.revokeToken(name: "epic", at: Date()))
        #expect(try await store.principal(forTokenHash: "h1") == nil)
        #expect(try await store.revokeToken(name: "epic", at: Date()) == false)
    }
}

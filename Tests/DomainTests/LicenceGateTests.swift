import CrisisCore
import CrisisTestSupport
import Foundation
import RiskRules
import Testing
import Workflow

@Suite struct LicenceGateTests {
    static let library = ProtocolLoader.load(directory: RepositoryPaths.protocols).0

    @Test func productionWithholdsLicensedProtocolsUntilEvidenceIsRecorded() throws {
        let library = try #require(Self.library)
        let gate = LicenceGate.apply(library, records: [:], mode: .production)
        #expect(gate.withheld.map(\.rawValue) == ["bvc", "cssrs_screen_recent", "cssrs_screen_since_last_contact"])
        #expect(gate.library[ProtocolID("bvc")] == nil)
        #expect(gate.library[ProtocolID("phq9")] != nil)
        let record = LicenceRecord(protocolID: ProtocolID("bvc"), evidence: "Frenzs agreement 42", recordedBy: "admin", recordedAt: Date())
        let licensed = LicenceGate.apply(library, records: [ProtocolID("bvc"): record], mode: .production)
        #expect(licensed.library[ProtocolID("bvc")] != nil)
        #expect(!licensed.withheld.contains(ProtocolID("bvc")))
    }

    @Test func developmentLoadsEverythingButMarksUnlicensedProtocols() throws {
        let library = try #require(Self.library)
        let gate = LicenceGate.apply(library, records: [:], mode: .development)
        #expect(gate.withheld.isEmpty)
        #expect(gate.library.ids.count == library.ids.count)
        #expect(gate.unlicensed == [ProtocolID("bvc"), ProtocolID("cssrs_screen_recent"), ProtocolID("cssrs_screen_since_last_contact")])
    }
}

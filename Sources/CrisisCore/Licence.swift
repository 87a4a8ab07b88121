import Foundation

/// How crisisd is deployed: production refuses licensed content without recorded evidence (design notes §7).
public enum DeploymentMode: String, Sendable, Hashable {
    case development, production
}

/// An administrator's record that the licence a protocol needs has been obtained.
public struct LicenceRecord: Sendable, Hashable {
    public var protocolID: ProtocolID
    /// What proves it, e.g. an agreement number; not patient data.
    public var evidence: String
    /// Who recorded it (an operator's name).
    public var recordedBy: String
    public var recordedAt: Date

    public init(protocolID: ProtocolID, evidence: String, recordedBy: String, recordedAt: Date) {
        self.protocolID = protocolID
        self.evidence = evidence
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// Recorded licence evidence (port).
public protocol LicenceStore: Sendable {
    func recordLicence(_ record: LicenceRecord) async throws
    /// The latest record per protocol.
    func licenceRecords() async throws -> [ProtocolID: LicenceRecord]
}

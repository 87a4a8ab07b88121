import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: LicenceStore {
    public func recordLicence(_ record: LicenceRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO licence_evidence (protocol_id, evidence, recorded_by, recorded_at) VALUES (?, ?, ?, ?)",
                arguments: [record.protocolID.rawValue, record.evidence, record.recordedBy, record.recordedAt])
        }
    }

    public func licenceRecords() async throws -> [ProtocolID: LicenceRecord] {
        try await pool.read { db in
            var records: [ProtocolID: LicenceRecord] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM licence_evidence ORDER BY recorded_at") {
                let id = ProtocolID(row["protocol_id"])
                records[id] = LicenceRecord(
                    protocolID: id, evidence: row["evidence"], recordedBy: row["recorded_by"], recordedAt: row["recorded_at"])
            }
            return records
        }
    }
}

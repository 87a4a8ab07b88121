import ArgumentParser
import CrisisCore
import Foundation
import RiskRules
import SafetyPlans
import Storage
import Workflow

/// `crisisd licence record|list`: licence evidence for protocols that need it (design notes §7).
struct LicenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "licence", abstract: "Record and list licence evidence for licensed protocols.",
        subcommands: [Record.self, List.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the evidence that a protocol's licence was obtained.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Protocol or safety-plan template id, e.g. bvc or stanley_brown.") var protocolID: String
        @Option(help: "What proves the licence, e.g. an agreement reference.") var evidence: String
        @Option(help: "Who records it.") var by: String
        @Option(help: "Protocols folder.") var protocols = "./Protocols"

        func run() async throws {
            let required: Bool
            if let template = SafetyPlanLoader.load(protocolsDirectory: protocols).0?.templates[protocolID] {
                required = template.licenceEvidenceRequired
            } else {
                required = try ProtocolLookup.definition(protocolID, in: protocols).licenceEvidenceRequired
            }
            guard !evidence.trimmingCharacters(in: .whitespaces).isEmpty, !by.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--evidence and --by must not be empty")
            }
            if !required { print("note: \(protocolID) does not require licence evidence") }
            let store = try openStore(database)
            try await store.recordLicence(
                LicenceRecord(protocolID: ProtocolID(protocolID), evidence: evidence, recordedBy: by, recordedAt: Date()))
            print("recorded licence evidence for \(protocolID); reload (SIGHUP) or restart crisisd to use it in production")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each protocol's licence status.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Protocols folder.") var protocols = "./Protocols"

        func run() async throws {
            let library = try ProtocolLookup.library(protocols)
            let records = try await openStore(database).licenceRecords()
            let templates = (SafetyPlanLoader.load(protocolsDirectory: protocols).0?.templates.values.sorted { $0.id < $1.id }) ?? []
            let entries = library.ids.compactMap { id in library[id].map { (id, $0.licenceEvidenceRequired) } }
                + templates.map { (ProtocolID($0.id), $0.licenceEvidenceRequired) }
            for (id, required) in entries {
                let status: String
                if !required {
                    status = "no evidence needed"
                } else if let record = records[id] {
                    status = "recorded \(Timestamps.iso8601(record.recordedAt)) by \(record.recordedBy): \(record.evidence)"
                } else {
                    status = "NOT RECORDED (production: not loaded; development: evaluation only)"
                }
                print("\(id)\t\(status)")
            }
        }
    }
}

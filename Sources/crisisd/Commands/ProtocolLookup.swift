import ArgumentParser
import CrisisCore
import FHIR
import RiskRules

/// Loading for the offline verbs: the library (printing every diagnostic when it does not load) and one protocol.
enum ProtocolLookup {
    static func library(_ directory: String) throws -> ProtocolLibrary {
        let (library, diagnostics) = ProtocolLoader.load(directory: directory)
        guard let library else {
            diagnostics.forEach { print($0) }
            throw ExitCode.failure
        }
        return library
    }

    /// The protocol named by a protocol id or a FHIR id (`-` for `_`); an unknown id is a usage error.
    static func definition(_ id: String, in directory: String) throws -> ProtocolDefinition {
        guard let definition = try library(directory)[QuestionnaireExporter.protocolID(fromFHIRID: id)] else {
            throw ValidationError("unknown protocol '\(id)'")
        }
        return definition
    }
}

import ArgumentParser
import CrisisCore
import FHIR
import Foundation
import RiskRules

/// `crisisd export-questionnaire ID`: print a protocol's FHIR R4 Questionnaire.
struct ExportQuestionnaireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-questionnaire", abstract: "Print the FHIR R4 Questionnaire of a protocol.")

    @Argument(help: "Protocol id (cssrs_screen_recent) or FHIR id (cssrs-screen-recent).")
    var id: String

    @Option(help: "YAML configuration file (for public_url).")
    var config: String?

    @Option(name: .customLong("public-url"), help: "Base of the canonical URL (default: public_url from the configuration).")
    var publicURL: String?

    @Option(help: "Protocols folder.")
    var protocols = "./Protocols"

    func run() throws {
        let definition = try ProtocolLookup.definition(id, in: protocols)
        let base: String
        if let publicURL {
            base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        } else {
            // Read the configuration directly: a hand-made DatabaseOptions has unparsed option wrappers.
            do {
                base = try CrisisConfiguration.load(file: config, environment: ProcessEnvironment.current).effectivePublicURL
            } catch {
                throw ValidationError("invalid configuration:\n\(error)")
            }
        }
        switch QuestionnaireExporter.questionnaire(for: definition, publicURL: base) {
        case .failure(let error):
            throw ValidationError("cannot export: \(error)")
        case .success(let questionnaire):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(questionnaire), as: UTF8.self))
        }
    }
}

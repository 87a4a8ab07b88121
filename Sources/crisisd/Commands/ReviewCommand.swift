import ArgumentParser
import CrisisCore
import RiskRules

/// `crisisd review PROTOCOL`: the plain-language sign-off sheet of a protocol, bound to its file hash.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Print a protocol's plain-language sheet for clinical sign-off.")

    @Argument(help: "Protocol id, e.g. cssrs_screen_recent.")
    var protocolID: String

    @Option(help: "Protocols folder.")
    var protocols = "./Protocols"

    func run() throws {
        print(try ProtocolLookup.definition(protocolID, in: protocols).reviewSheet(), terminator: "")
    }
}

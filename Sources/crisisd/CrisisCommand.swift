import ArgumentParser

/// `crisisd`: one binary, several verbs.
@main
struct CrisisCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crisisd",
        abstract: "Crisis screening intake, risk rules and escalation paging.",
        subcommands: [
            ServeCommand.self, CheckCommand.self, ExplainCommand.self, ExplainRouteCommand.self, TokenCommand.self, ClientCommand.self, UserCommand.self, MigrateCommand.self,
            ExportQuestionnaireCommand.self, LicenceCommand.self, ReviewCommand.self, HealthcheckCommand.self,
        ])
}

/// Options shared by every verb that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (default ./var).")
    var dataDir: String?

    init() {}

    /// The configuration with command-line overrides applied last.
    func load() throws -> CrisisConfiguration {
        do {
            var configuration = try CrisisConfiguration.load(file: config, environment: ProcessEnvironment.current)
            if let dataDir { configuration.dataDir = dataDir }
            return configuration
        } catch {
            throw ValidationError("invalid configuration:\n\(error)")
        }
    }
}

import ArgumentParser
import CrisisCore
import Foundation
import Storage
import Workflow

/// `crisisd token create|list|revoke`: bearer tokens for systems and simple clients.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API bearer tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it once.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Unique name, e.g. epic-prod.") var name: String
        @Option(help: "ehr, clinician, supervisor or admin.") var role: String

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role is one of ehr, clinician, supervisor, admin") }
            try validateName(name)
            let store = try openStore(database)
            let token = APITokens.generate()
            do {
                try await store.createToken(
                    name: name, role: role, tokenHash: APITokens.hash(token),
                    principalID: PrincipalID(RandomIdentifierGenerator().make(prefix: "prn")), at: Date())
            } catch let error as StoreError {
                throw ValidationError("\(error)")
            }
            print(token)
            FileHandle.standardError.write(Data("token '\(name)' (\(role.rawValue)) created; it is shown only once\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their values).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try openStore(database)
            for token in try await store.tokens() {
                let state = token.revokedAt.map { "revoked \(Timestamps.iso8601($0))" } ?? "active"
                print("\(token.name)\t\(token.role.rawValue)\t\(Timestamps.iso8601(token.createdAt))\t\(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the active token with this name.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Token name.") var name: String

        func run() async throws {
            let store = try openStore(database)
            guard try await store.revokeToken(name: name, at: Date()) else { throw ValidationError("no active token named '\(name)'") }
            print("revoked \(name)")
        }
    }
}

/// Names of tokens and clients: what `revoke` and the logs use.
func validateName(_ name: String) throws {
    guard name.range(of: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", options: .regularExpression) != nil else {
        throw ValidationError("--name: letters, digits, '_', '.', '-', at most 64")
    }
}

/// Opens (and migrates) the database named by the configuration.
func openStore(_ options: DatabaseOptions) throws -> SQLiteStore {
    let configuration = try options.load()
    try FileManager.default.createDirectory(
        atPath: configuration.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    return try SQLiteStore(path: configuration.databasePath)
}

/// `crisisd migrate`: create or upgrade the database schema and exit.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        _ = try openStore(database)
        print("database is up to date")
    }
}

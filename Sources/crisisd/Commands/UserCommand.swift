import ArgumentParser
import CrisisCore
import Foundation
import HummingbirdBcrypt
import Storage
import Workflow

/// bcrypt settings shared by `crisisd user` and the sign-in check.
enum PasswordHashing {
    /// bcrypt work factor (OWASP's minimum is 10; 12 costs about a quarter of a second here).
    static let cost: UInt8 = 12
    static let minimumLength = 12
    /// bcrypt reads at most 72 bytes; a longer password would be cut silently, so it is refused.
    static let maximumBytes = 72
    /// A hash of a random string, compared against for unknown usernames so timing does not reveal them.
    static let decoy = Bcrypt.hash(APITokens.generate(), cost: cost)
}

/// `crisisd user create|list|disable`: local accounts for the web UI.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage web UI accounts.", subcommands: [Create.self, List.self, Disable.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; the password is read from standard input (at least 12 characters).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Unique username.") var username: String
        @Option(help: "clinician, supervisor or admin.") var role: String

        func run() async throws {
            guard let role = Role(rawValue: role), role != .ehr else { throw ValidationError("--role is one of clinician, supervisor, admin") }
            try validateName(username)
            guard let line = readLine(strippingNewline: true), line.count >= PasswordHashing.minimumLength,
                line.utf8.count <= PasswordHashing.maximumBytes
            else {
                throw ValidationError(
                    "give the password on standard input: at least \(PasswordHashing.minimumLength) characters and at most \(PasswordHashing.maximumBytes) bytes")
            }
            let store = try openStore(database)
            do {
                try await store.createUser(
                    UserAccount(
                        principalID: PrincipalID(RandomIdentifierGenerator().make(prefix: "prn")), username: username, role: role,
                        passwordHash: Bcrypt.hash(line, cost: PasswordHashing.cost), createdAt: Date()))
            } catch let error as StoreError {
                throw ValidationError("\(error)")
            }
            print("created \(username) (\(role.rawValue))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts (never passwords).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            for user in try await openStore(database).users() {
                let state = user.disabledAt.map { "disabled \(Timestamps.iso8601($0))" } ?? "active"
                print("\(user.username)\t\(user.role.rawValue)\t\(Timestamps.iso8601(user.createdAt))\t\(state)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; its browser sessions end at once.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Username.") var username: String

        func run() async throws {
            guard try await openStore(database).disableUser(username: username, at: Date()) else {
                throw ValidationError("no active account named '\(username)'")
            }
            print("disabled \(username)")
        }
    }
}

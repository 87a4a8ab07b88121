import ArgumentParser
import CrisisCore
import Foundation
import Storage
import Workflow

/// `crisisd client register|list|revoke`: systems that authenticate with keys rather than shared tokens —
/// SMART Backend Services clients (the EHR posting screens) and CDS Hooks clients (the EHR calling us).
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Manage SMART Backend Services and CDS Hooks clients.",
        subcommands: [Register.self, List.self, Revoke.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a client by its public JWK Set; prints the client id.",
            discussion: """
                SMART: crisisd client register --name epic-prod --jwks epic.jwks.json \\
                         --scope "system/QuestionnaireResponse.c system/RiskAssessment.rs"
                CDS Hooks: crisisd client register --kind cds-hooks --name epic-cds --issuer https://ehr.example.org/ --jwks ehr.jwks.json
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Unique name, e.g. epic-prod.") var name: String
        @Option(help: "smart (default) or cds-hooks.") var kind: String = "smart"
        @Option(help: "File holding the client's public JWK Set (RS384 or ES384 keys, each with a kid).") var jwks: String
        @Option(help: "SMART: the most this client's tokens may carry, e.g. \"system/QuestionnaireResponse.c system/RiskAssessment.rs\".")
        var scope: String?
        @Option(help: "SMART: the client id to use (default: generated).") var clientID: String?
        @Option(help: "CDS Hooks: the EHR's issuer (iss) URL.") var issuer: String?
        @Option(help: "CDS Hooks: the tenant the EHR must send, when one issuer serves several organisations.") var tenant: String?
        @Option(help: "SMART: subject of the client's TLS certificate (RFC 4514, e.g. \"CN=epic-prod,O=Example\") to accept instead of a token.")
        var tlsSubject: String?

        func run() async throws {
            guard let kind = RegisteredClient.Kind(rawValue: kind) else { throw ValidationError("--kind is smart or cds-hooks") }
            try validateName(name)
            let text: String
            do {
                text = try String(contentsOfFile: jwks, encoding: .utf8)
            } catch {
                throw ValidationError("--jwks: cannot read \(jwks)")
            }
            do {
                _ = try await ClientKeySet.parse(json: text)
            } catch {
                throw ValidationError("--jwks: \(error)")
            }
            let id: String
            var scopes: [AccessScope] = []
            switch kind {
            case .smart:
                guard issuer == nil, tenant == nil else { throw ValidationError("--issuer and --tenant are for --kind cds-hooks") }
                guard let scope else { throw ValidationError("--scope is required for a SMART client") }
                let parsed = AccessScope.parseList(scope)
                guard parsed.unknown.isEmpty, !parsed.scopes.isEmpty else {
                    throw ValidationError("--scope: not system/<Type>.<cruds> scopes: \(parsed.unknown.joined(separator: " "))")
                }
                scopes = parsed.scopes
                id = clientID ?? RandomIdentifierGenerator().make(prefix: "cli")
            case .cdsHooks:
                guard scope == nil, clientID == nil, tlsSubject == nil else {
                    throw ValidationError("--scope, --client-id and --tls-subject are for --kind smart")
                }
                guard let issuer, !issuer.isEmpty else { throw ValidationError("--issuer is required for a CDS Hooks client") }
                id = issuer
            }
            let store = try openStore(database)
            do {
                try await store.register(
                    RegisteredClient(
                        id: id, kind: kind, name: name, principalID: PrincipalID(RandomIdentifierGenerator().make(prefix: "prn")),
                        jwks: text, allowedScopes: scopes, tlsSubject: tlsSubject, tenant: tenant, createdAt: Date()))
            } catch let error as StoreError {
                throw ValidationError("\(error)")
            }
            print(id)
            FileHandle.standardError.write(Data("client '\(name)' (\(kind.rawValue)) registered\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List clients (kind, name, id, scopes, state).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            for client in try await openStore(database).clients() {
                let state = client.revokedAt.map { "revoked \(Timestamps.iso8601($0))" } ?? "active"
                let scopes = client.allowedScopes.map(\.description).joined(separator: " ")
                print([client.kind.rawValue, client.name, client.id, scopes, client.tlsSubject ?? "", state].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the active client with this name; its tokens stop working at once.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Client name.") var name: String

        func run() async throws {
            guard try await openStore(database).revokeClient(name: name, at: Date()) else {
                throw ValidationError("no active client named '\(name)'")
            }
            print("revoked \(name)")
        }
    }
}

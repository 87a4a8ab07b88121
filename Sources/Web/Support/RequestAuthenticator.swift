import CrisisCore
import Foundation
import Hummingbird
import NIOCore
import Workflow

/// Finds who is calling: the bearer token if there is one, otherwise a verified TLS client certificate
/// mapped to a registered client. Shared by the JSON API (problem+json) and FHIR (OperationOutcome).
public struct RequestAuthenticator: Sendable {
    public enum Outcome: Sendable {
        case authenticated(Principal)
        /// No token and no mapped certificate.
        case missing
        /// A token that is unknown, revoked or expired.
        case refused
        /// The store could not answer; the client should retry.
        case unavailable
    }

    let authenticate: AuthenticateToken
    /// Subject DN of the connection's verified client certificate, when mutual TLS is on.
    let tlsPeerSubject: (@Sendable (any Channel) async -> String?)?

    public init(authenticate: AuthenticateToken, tlsPeerSubject: (@Sendable (any Channel) async -> String?)?) {
        self.authenticate = authenticate
        self.tlsPeerSubject = tlsPeerSubject
    }

    func callAsFunction(_ request: Request, context: AppRequestContext) async -> Outcome {
        do {
            if request.headers[.authorization] != nil {
                guard let token = request.bearerToken else { return .refused }
                return try await authenticate(token).map(Outcome.authenticated) ?? .refused
            }
            if let subject = await tlsPeerSubject?(context.channel),
                let principal = try await authenticate.principal(tlsSubject: subject)
            {
                return .authenticated(principal)
            }
            return .missing
        } catch {
            return .unavailable
        }
    }
}

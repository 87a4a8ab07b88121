import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// The subject of a connection's client certificate, as verified by the TLS handshake against
/// `tls.client_ca_file` (mutual TLS), written as RFC 4514 text (`CN=epic-prod,O=Example Health`).
enum TLSPeerIdentity {
    @Sendable static func subject(of channel: any Channel) async -> String? {
        guard let certificate = try? await channel.nioSSL_peerCertificate().get(),
            let der = try? certificate.toDERBytes(),
            let parsed = try? Certificate(derEncoded: der)
        else { return nil }
        return parsed.subject.description
    }
}

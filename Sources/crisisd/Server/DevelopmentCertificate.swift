import Crypto
import Foundation
import SwiftASN1
import X509

/// A development certificate chain, made on first start and kept in the data dir.
///
/// A throwaway CA (its private key is never written anywhere) issues an ordinary server certificate, so strict
/// clients accept the chain: a self-signed leaf would need `keyCertSign`, which RFC 5280 validators refuse on an
/// end-entity certificate. Clients trust `tls/dev-ca.pem`.
enum DevelopmentCertificate {
    struct Files {
        /// Server certificate followed by the CA certificate.
        var certificate: String
        var key: String
        /// The CA certificate clients should trust.
        var authority: String
        /// SHA-256 of the server certificate's DER, shown so a user can pin or compare it.
        var fingerprint: String
        var created: Bool
    }

    /// Reuses the files in `directory/tls/` or creates them (key file mode 0600).
    static func ensure(in directory: String, now: Date) throws -> Files {
        let folder = "\(directory)/tls"
        let certificatePath = "\(folder)/dev-cert.pem"
        let keyPath = "\(folder)/dev-key.pem"
        let authorityPath = "\(folder)/dev-ca.pem"
        let fileManager = FileManager.default
        var created = false
        if ![certificatePath, keyPath, authorityPath].allSatisfy(fileManager.fileExists(atPath:)) {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let chain = try make(now: now)
            try Data(chain.key.utf8).write(to: URL(fileURLWithPath: keyPath), options: .atomic)
            try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
            try Data((chain.certificate + chain.authority).utf8).write(to: URL(fileURLWithPath: certificatePath), options: .atomic)
            try Data(chain.authority.utf8).write(to: URL(fileURLWithPath: authorityPath), options: .atomic)
            created = true
        }
        // The file holds the server certificate, then the CA: the fingerprint is the server certificate's.
        let documents = try PEMDocument.parseMultiple(pemString: try String(contentsOfFile: certificatePath, encoding: .utf8))
        guard let server = documents.first else { throw ASN1Error.invalidPEMDocument(reason: "no certificate in \(certificatePath)") }
        let fingerprint = SHA256.hash(data: server.derBytes).map { String(format: "%02X", $0) }.joined(separator: ":")
        return Files(certificate: certificatePath, key: keyPath, authority: authorityPath, fingerprint: fingerprint, created: created)
    }

    /// 20 random bytes with the sign bit clear: RFC 5280 serials are positive, and `SerialNumber()` does not
    /// clear the bit, so half its serials are negative (strict parsers such as Python's cryptography warn or refuse).
    static func positiveSerialNumber() -> Certificate.SerialNumber {
        var generator = SystemRandomNumberGenerator()
        let rest = (0..<19).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Certificate.SerialNumber(bytes: [UInt8.random(in: 1...0x7F, using: &generator)] + rest)
    }

    /// A P-256 CA (valid 90 days) and a server certificate it issues for localhost, 127.0.0.1 and ::1.
    static func make(now: Date) throws -> (certificate: String, key: String, authority: String) {
        let authorityKey = P256.Signing.PrivateKey()
        let authorityName = try DistinguishedName {
            OrganizationName("crisisd development")
            CommonName("crisisd development CA")
        }
        let authority = try Certificate(
            version: .v3, serialNumber: positiveSerialNumber(), publicKey: .init(authorityKey.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(90 * 24 * 3600),
            issuer: authorityName, subject: authorityName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: .init(authorityKey.publicKey))
            },
            issuerPrivateKey: .init(authorityKey))
        let serverKey = P256.Signing.PrivateKey()
        let server = try Certificate(
            version: .v3, serialNumber: positiveSerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(90 * 24 * 3600),
            issuer: authorityName,
            subject: try DistinguishedName {
                OrganizationName("crisisd development")
                CommonName("localhost")
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                    .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))),
                ])
                SubjectKeyIdentifier(hash: .init(serverKey.publicKey))
                AuthorityKeyIdentifier(keyIdentifier: try SubjectKeyIdentifier(hash: .init(authorityKey.publicKey)).keyIdentifier)
            },
            issuerPrivateKey: .init(authorityKey))
        return (try server.serializeAsPEM().pemString + "\n", serverKey.pemRepresentation, try authority.serializeAsPEM().pemString + "\n")
    }
}

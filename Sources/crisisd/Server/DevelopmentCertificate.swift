import Crypto
import Foundation
import SwiftASN1
import X509

/// A self-signed certificate for development, made on first start and kept in the data dir.
enum DevelopmentCertificate {
    struct Files {
        var certificate: String
        var key: String
        /// SHA-256 of the certificate's DER, shown so a user can pin or compare it.
        var fingerprint: String
        var created: Bool
    }

    /// Reuses the files in `directory/tls/` or creates them (key file mode 0600).
    static func ensure(in directory: String, now: Date) throws -> Files {
        let folder = "\(directory)/tls"
        let certificatePath = "\(folder)/dev-cert.pem"
        let keyPath = "\(folder)/dev-key.pem"
        let fileManager = FileManager.default
        var created = false
        if !fileManager.fileExists(atPath: certificatePath) || !fileManager.fileExists(atPath: keyPath) {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let (certificatePEM, keyPEM) = try make(now: now)
            try Data(keyPEM.utf8).write(to: URL(fileURLWithPath: keyPath), options: .atomic)
            try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
            try Data(certificatePEM.utf8).write(to: URL(fileURLWithPath: certificatePath), options: .atomic)
            created = true
        }
        let pem = try String(contentsOfFile: certificatePath, encoding: .utf8)
        let certificate = try Certificate(pemEncoded: pem)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let fingerprint = SHA256.hash(data: serializer.serializedBytes).map { String(format: "%02X", $0) }.joined(separator: ":")
        return Files(certificate: certificatePath, key: keyPath, fingerprint: fingerprint, created: created)
    }

    /// A P-256 certificate for localhost, 127.0.0.1 and ::1, valid for 90 days.
    static func make(now: Date) throws -> (certificate: String, key: String) {
        let privateKey = P256.Signing.PrivateKey()
        let key = Certificate.PrivateKey(privateKey)
        let name = try DistinguishedName {
            OrganizationName("crisisd development")
            CommonName("localhost")
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            // keyCertSign lets BoringSSL clients (AsyncHTTPClient) accept the self-issued certificate as its own anchor.
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames([
                .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))),
            ])
            SubjectKeyIdentifier(hash: key.publicKey)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey, notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(90 * 24 * 3600), issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: key)
        return (try certificate.serializeAsPEM().pemString, privateKey.pemRepresentation)
    }
}

import CrisisTestSupport
import Foundation
import SwiftASN1
import Testing
import X509

@testable import crisisd

@Suite struct DevelopmentCertificateTests {
    /// Regression: random serials with the top bit set are negative INTEGERs, which RFC 5280 forbids.
    @Test func serialNumbersArePositive() {
        for _ in 0..<200 {
            let serial = DevelopmentCertificate.positiveSerialNumber()
            #expect((serial.bytes.first ?? 0) < 0x80)
            #expect(serial.bytes.count == 20)
        }
    }

    @Test func certificateIsCreatedOnceAndReused() throws {
        let folder = RepositoryPaths.temporaryDirectory()
        let first = try DevelopmentCertificate.ensure(in: folder, now: Date())
        let second = try DevelopmentCertificate.ensure(in: folder, now: Date())
        #expect(first.created && !second.created)
        #expect(first.fingerprint == second.fingerprint)
        let attributes = try FileManager.default.attributesOfItem(atPath: first.key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let pem = try String(contentsOfFile: first.certificate, encoding: .utf8)
        let documents = try PEMDocument.parseMultiple(pemString: pem)
        #expect(documents.count == 2)
        let certificate = try Certificate(derEncoded: try #require(documents.first).derBytes)
        let authority = try Certificate(derEncoded: try #require(documents.last).derBytes)
        #expect(certificate.issuer == authority.subject)
        #expect(try certificate.extensions.keyUsage?.keyCertSign == false)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
    }
}

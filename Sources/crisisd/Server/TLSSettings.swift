import NIOSSL

/// Server TLS per Mozilla "intermediate" (guideline 6.0): TLS 1.2+, AEAD ECDHE suites, modern groups.
enum TLSSettings {
    /// TLS 1.2 suites of the intermediate profile (TLS 1.3 suites are fixed by BoringSSL and match it).
    static let intermediateCipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    static let intermediateCurves: [NIOTLSCurve] = [.x25519_MLKEM768, .x25519, .secp256r1, .secp384r1]

    /// Builds the server configuration; with a client CA, `.required` refuses handshakes without a client certificate.
    static func server(
        certificatePEMFile: String, keyPEMFile: String, clientCAFile: String?, clientAuth: CrisisConfiguration.ClientAuth
    ) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePEMFile).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: keyPEMFile, format: .pem)
        var configuration: TLSConfiguration
        if let clientCAFile, clientAuth != .none {
            let roots = try NIOSSLCertificate.fromPEMFile(clientCAFile)
            configuration = .makeServerConfigurationWithMTLS(
                certificateChain: chain, privateKey: .privateKey(key), trustRoots: .certificates(roots))
            configuration.certificateVerification = clientAuth == .required ? .noHostnameVerification : .optionalVerification
            configuration.sendCANameList = true
        } else {
            configuration = .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        }
        // NIOSSL defaults to TLS 1.0 and a broader cipher list.
        configuration.minimumTLSVersion = .tlsv12
        configuration.cipherSuites = intermediateCipherSuites
        configuration.curves = intermediateCurves
        return configuration
    }
}

// The reference for the intake benchmark: a bare Hummingbird TLS server that reads the same POST body and
// answers 201 with a small JSON body, doing no parsing, evaluation or storage.
import Foundation
import Hummingbird
import HummingbirdTLS
import NIOSSL

let arguments = CommandLine.arguments
guard arguments.count == 4, let port = Int(arguments[1]) else {
    print("usage: crisisd-bare-server PORT CERT_CHAIN_PEM KEY_PEM")
    exit(2)
}
var tls = TLSConfiguration.makeServerConfiguration(
    certificateChain: try NIOSSLCertificate.fromPEMFile(arguments[2]).map { .certificate($0) },
    privateKey: .privateKey(try NIOSSLPrivateKey(file: arguments[3], format: .pem)))
tls.minimumTLSVersion = .tlsv12

let router = Router()
router.post("api/v1/assessments") { request, _ -> Response in
    _ = try await request.body.collect(upTo: 1 << 20)
    return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"id":"asm_bare"}"#)))
}
let app = Application(
    router: router, server: try .tls(.http1(), tlsConfiguration: tls),
    configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()

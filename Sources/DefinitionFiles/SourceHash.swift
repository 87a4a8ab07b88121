import CrisisCore
import Crypto

/// The provenance hash stamped on every compiled definition and every record judged by it.
package enum SourceHash {
    /// `sha256:` + hex digest of the text's UTF-8 bytes.
    package static func of(_ text: String) -> String {
        "sha256:" + Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }
}

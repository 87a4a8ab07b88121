import Crypto

/// The provenance hash stamped on every compiled definition and every record judged by it.
package enum SourceHash {
    /// `sha256:` + hex digest of the text's UTF-8 bytes.
    package static func of(_ text: String) -> String {
        "sha256:" + SHA256.hash(data: Array(text.utf8)).map { hexByte($0) }.joined()
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }
}

import CrisisCore
import Foundation

/// The body of an outbound page. Its fields are a closed allow-list: ids, tier, codes, words and a link,
/// never names, identifiers, answers or free text from a person.
struct PagePayload: Encodable {
    struct Data: Encodable {
        /// Opaque case reference (the assessment id).
        var ref: String
        var tier: String
        var domain: String
        var action: String
        var deadline: String?
        var site: String?
        /// Trigger and action in words, from the protocol file (design notes §4).
        var summary: String
        var link: String
    }

    var type: String
    var timestamp: String
    var data: Data

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(self))) ?? Array("{}".utf8)
    }
}

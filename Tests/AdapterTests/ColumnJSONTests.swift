import CrisisCore
import Foundation
import Testing

@testable import Storage

@Suite struct ColumnJSONTests {
    /// Whatever the text, the column must read back exactly (JSONSerialization is the independent reader).
    @Test(arguments: ["plain", "quote \" backslash \\ slash /", "line\nfeed\ttab\r", "control \u{01}\u{1f}", "é 💡 \u{2028}", ""])
    func stringsRoundTrip(_ text: String) throws {
        #expect(ColumnJSON.decodeStrings(ColumnJSON.encode(strings: [text, "b"])) == [text, "b"])
        #expect(ColumnJSON.decodeObjects(ColumnJSON.encode(objects: [["k": text, "a": "1"]])) == [["k": text, "a": "1"]])
        let answers: Answers = ["q1": .code(text), "item9": .integer(-3)]
        #expect(ColumnJSON.decodeAnswers(ColumnJSON.encode(answers: answers)) == answers)
    }
}

import CrisisCore
import Foundation

/// JSON text columns for small lists and maps (flags, fired rules, problems, answers).
enum ColumnJSON {
    /// `["a","b"]`
    static func encode(strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ",") + "]"
    }

    /// `[{"key":"value",…},…]` with keys in sorted order.
    static func encode(objects: [[String: String]]) -> String {
        "[" + objects.map { object in
            "{" + object.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + quoted($0.value) }.joined(separator: ",") + "}"
        }.joined(separator: ",") + "]"
    }

    /// `{"q1":"yes","item9":2}` with keys in sorted order.
    static func encode(answers: Answers) -> String {
        "{" + answers.sorted { $0.key < $1.key }.map { key, value in
            switch value {
            case .code(let code): quoted(key) + ":" + quoted(code)
            case .integer(let number): quoted(key) + ":" + String(number)
            }
        }.joined(separator: ",") + "}"
    }

    /// A JSON string literal (RFC 8259 escaping); these columns sit on the intake path, so no JSONSerialization.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = Array("0123456789abcdef")
                result += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xf)])
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    static func decodeStrings(_ text: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? []
    }

    static func decodeObjects(_ text: String) -> [[String: String]] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: String]] ?? []
    }

    static func decodeAnswers(_ text: String) -> Answers {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return [:] }
        var answers: Answers = [:]
        for (key, value) in object {
            if let code = value as? String {
                answers[key] = .code(code)
            } else if let number = value as? Int {
                answers[key] = .integer(number)
            }
        }
        return answers
    }
}

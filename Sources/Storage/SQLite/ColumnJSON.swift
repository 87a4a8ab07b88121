import CrisisCore
import Foundation

/// JSON text columns for small lists and maps (flags, fired rules, problems, answers).
enum ColumnJSON {
    static func encode(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func encode(answers: Answers) -> String {
        encode(
            answers.mapValues { value -> Any in
                switch value {
                case .code(let code): code
                case .integer(let number): number
                }
            })
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

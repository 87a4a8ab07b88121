import Foundation

/// `application/x-www-form-urlencoded` bodies (the SMART token endpoint and the UI's forms). A field sent twice
/// counts as absent (RFC 6749 §3.2), so a smuggled second value can never win.
enum FormFields {
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        var repeated: Set<String> = []
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count == 2 ? decode(parts[1]) : "" else { continue }
            if fields.updateValue(value, forKey: name) != nil { repeated.insert(name) }
        }
        for name in repeated { fields[name] = nil }
        return fields
    }
}

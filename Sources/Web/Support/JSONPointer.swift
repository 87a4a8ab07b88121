import Foundation

/// Escapes a key for use in a JSON pointer (RFC 6901).
func pointerEscape(_ key: String) -> String {
    key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
}

import HTTPTypes

/// Headers on every UI page: CSP without inline script, no framing, HSTS, no sniffing, no referrer, no caching
/// of pages that show patient data.
enum UISecurityHeaders {
    static func apply(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.strictTransportSecurity] = "max-age=31536000"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[.cacheControl] = "no-store"
    }
}

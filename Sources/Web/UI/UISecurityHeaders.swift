import HTTPTypes

/// Headers on every UI page: CSP without inline script, no framing, HSTS, no sniffing, no referrer, no caching
/// of pages that show patient data. `script` admits crisisd's own script files (the board's refresh) and
/// same-origin fetches; inline script stays forbidden everywhere.
enum UISecurityHeaders {
    static func apply(to headers: inout HTTPFields, script: Bool = false) {
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            + (script ? "; script-src 'self'; connect-src 'self'" : "")
        headers[.strictTransportSecurity] = "max-age=31536000"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[.cacheControl] = "no-store"
    }
}

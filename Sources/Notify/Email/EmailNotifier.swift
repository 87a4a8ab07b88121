import CCurl
import CrisisCore
import EscalationEngine
import Foundation
import NIOPosix

/// E-mail over SMTP through libcurl: `smtp://` requires STARTTLS, `smtps://` is implicit TLS; AUTH when a
/// username is set. The message carries generic text and a link only (e-mail is read on shared screens).
public struct EmailNotifier: Notifier {
    public struct Settings: Sendable {
        public var url: String
        public var from: String
        public var to: [String]
        public var username: String?
        public var password: String?
        /// Extra CA bundle to trust (a private relay's CA); the system store is used otherwise.
        public var caFile: String?
        public var timeoutSeconds: Int

        public init(url: String, from: String, to: [String], username: String?, password: String?, caFile: String?, timeoutSeconds: Int = 20) {
            self.url = url
            self.from = from
            self.to = to
            self.username = username
            self.password = password
            self.caFile = caFile
            self.timeoutSeconds = timeoutSeconds
        }
    }

    public static let defaultTemplate = """
        A crisis escalation needs attention.

        Case: {{ref}}
        Tier: {{tier}} ({{domain}})
        Event: {{event}}
        Required action: {{action}}, due {{deadline}}
        Site: {{site}}

        Open the case (sign-in required): {{link}}
        """

    private let settings: Settings
    private let template: PageTemplate?

    public init(settings: Settings, template: PageTemplate?) {
        self.settings = settings
        self.template = template ?? PageTemplate.parse(Self.defaultTemplate).0
        _ = Self.globalInit
    }

    /// `curl_global_init` once per process, before any handle exists.
    private static let globalInit: Void = { _ = ccurl_global_init_default() }()

    public func deliver(_ message: OutboxMessage, now: Date) async -> DeliveryResult {
        guard let page = PagePayload.decode(message.body) else { return .permanentFailure(reason: "unreadable page body") }
        let mail = Self.message(page, id: message.id, from: settings.from, to: settings.to, now: now, template: template)
        let settings = settings
        // libcurl blocks; run it on NIO's thread pool, never on the cooperative pool.
        do {
            return try await NIOThreadPool.singleton.runIfActive { Self.send(mail, settings: settings) }
        } catch {
            return .retryableFailure(reason: "thread pool unavailable", retryAfter: nil)
        }
    }

    /// RFC 5322 message; the page id is the Message-ID, so a resend is recognisably the same mail.
    public static func message(_ page: PagePayload, id: PageID, from: String, to: [String], now: Date, template: PageTemplate?) -> [UInt8] {
        let date = now.formatted(
            Date.VerbatimFormatStyle(
                format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) +0000",
                locale: Locale(identifier: "en_US_POSIX"), timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
        let body = (template?.render(page.templateFields) ?? page.data.link).replacingOccurrences(of: "\n", with: "\r\n")
        let headers = [
            "From: \(from)", "To: \(to.joined(separator: ", "))",
            "Subject: [crisisd] \(page.data.tier.uppercased()) crisis escalation \(page.data.ref) (\(page.event))",
            "Date: \(date)", "Message-ID: <\(id.rawValue)@crisisd>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "Auto-Submitted: auto-generated",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n").utf8)
    }

    /// One SMTP transaction; classifies libcurl's result and the server's last reply code.
    static func send(_ mail: [UInt8], settings: Settings) -> DeliveryResult {
        guard let handle = curl_easy_init() else { return .retryableFailure(reason: "curl init failed", retryAfter: nil) }
        defer { curl_easy_cleanup(handle) }
        var recipients: UnsafeMutablePointer<curl_slist>?
        for address in settings.to { recipients = curl_slist_append(recipients, "<\(address)>") }
        defer { curl_slist_free_all(recipients) }
        let source = MailSource(bytes: mail)
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }

        _ = ccurl_setopt_string(handle, CURLOPT_URL, settings.url)
        // smtp:// must upgrade with STARTTLS or fail; smtps:// is TLS from the first byte.
        _ = ccurl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        _ = ccurl_setopt_long(handle, CURLOPT_SSLVERSION, Int(CURL_SSLVERSION_TLSv1_2))
        _ = ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(settings.from)>")
        _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        if let username = settings.username { _ = ccurl_setopt_string(handle, CURLOPT_USERNAME, username) }
        if let password = settings.password { _ = ccurl_setopt_string(handle, CURLOPT_PASSWORD, password) }
        if let caFile = settings.caFile { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT, settings.timeoutSeconds)
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, 10)
        _ = ccurl_setopt_readfunction(handle) { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            return Unmanaged<MailSource>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: size * count)
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, unmanaged.toOpaque())

        let code = curl_easy_perform(handle)
        var reply = 0
        _ = ccurl_response_code(handle, &reply)
        return classify(code: code, reply: reply)
    }

    /// Network trouble and SMTP 4xx are worth retrying; refused login, refused TLS and SMTP 5xx are not.
    static func classify(code: CURLcode, reply: Int) -> DeliveryResult {
        if code == CURLE_OK { return .delivered }
        let reason = "smtp: \(String(cString: curl_easy_strerror(code)))" + (reply > 0 ? " (\(reply))" : "")
        switch code {
        case CURLE_LOGIN_DENIED, CURLE_USE_SSL_FAILED, CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_PEER_FAILED_VERIFICATION,
            CURLE_SSL_CACERT_BADFILE:
            return .permanentFailure(reason: reason)
        default:
            if (500..<600).contains(reply) { return .permanentFailure(reason: reason) }
            return .retryableFailure(reason: reason, retryAfter: nil)
        }
    }
}

/// The message bytes libcurl reads in chunks. Only the one libcurl call on one thread touches it.
private final class MailSource: @unchecked Sendable {
    private let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Workflow

/// `/dashboard` and `/dashboard.csv`: program aggregates for the last 14 days. No client is shown, so any
/// signed-in role may look (administrators included).
struct DashboardController {
    let ui: UIDependencies
    let statistics: any StatisticsStore
    static let days = 14

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("dashboard") { request, _ in
            guard let session = try await UISessions.current(request, ui: ui, allowed: { _ in true }) else { return UIPage.redirect("/login") }
            // The charts are inline SVG drawn from numbers only, so the page keeps the UI's script-free CSP.
            return UIPage.render(ui.templates, "dashboard", try await model(session))
        }
        router.get("dashboard.csv") { request, _ in
            guard let session = try await UISessions.current(request, ui: ui, allowed: { _ in true }) else { return UIPage.redirect("/login") }
            var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"crisisd-aggregates.csv\""]
            UISecurityHeaders.apply(to: &headers)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try await model(session).csv)))
        }
    }

    private func model(_ session: WebSession) async throws -> DashboardViewModel {
        let now = Date()
        // Days are UTC days, as the store groups them and the charts label them.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let since = calendar.startOfDay(for: now.addingTimeInterval(-Double(Self.days - 1) * 86_400))
        do {
            return DashboardViewModel(try await statistics.statistics(since: since), days: Self.days, now: now, user: session.principal.name, csrf: session.csrfToken)
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
    }
}

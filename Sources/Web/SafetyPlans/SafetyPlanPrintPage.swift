import CrisisCore
import Foundation
import SafetyPlans

/// The client's copy of a safety plan: one printed page (US Letter or A4), large clear type, the form's own
/// headings beside the client's words, the crisis lines, the attribution. No script, no identifiers beyond
/// what the client wrote; HTML-escaped throughout.
enum SafetyPlanPrintPage {
    /// The page carries its own small stylesheet inline and no script.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

    /// `resources`: the crisis resources directory, printed in the box at the foot (numbers are local policy).
    static func render(plan: SafetyPlan, template: SafetyPlanTemplate, resources: [CrisisResource], licenceRecorded: Bool) -> String {
        var sections = ""
        for section in template.sections {
            let content = plan.content.sections[section.id]
            let number = section.step.map { "Step \($0). " } ?? ""
            var body = ""
            let entries = content?.filledEntries ?? []
            if entries.isEmpty {
                body = "<p class=\"na\">\(escape(content?.notApplicable.map { "Not needed: \($0)" } ?? "—"))</p>"
            } else {
                body = "<ul>" + entries.map { entry in
                    let words = section.fields.compactMap { field -> String? in
                        guard let value = entry[field]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
                        return field == "phone" ? "<strong>\(escape(value))</strong>" : escape(value)
                    }
                    return "<li>" + words.joined(separator: " · ") + "</li>"
                }.joined() + "</ul>"
            }
            if section.lethalMeans, let means = content?.lethalMeans, means.counselled, !means.means.isEmpty {
                body += "<p class=\"means\">We talked about making these safer: \(escape(means.means.joined(separator: ", ")))</p>"
            }
            sections += "<section><h2>\(escape(number + section.heading))</h2>\(body)</section>\n"
        }
        let banner = licenceRecorded ? "" : "<p class=\"banner\">Evaluation only — licence not recorded</p>"
        let status = plan.status == .active ? "" : "<p class=\"banner\">\(plan.status == .draft ? "Draft — not yet final" : "Replaced by a newer plan")</p>"
        let date = plan.activatedAt ?? plan.updatedAt
        // Large type for a short plan, a step smaller for a long one, so the copy stays on one page.
        let size = SafetyPlanPrintEstimate.fontSize(lines: SafetyPlanPrintEstimate.lines(plan.content, template: template))
        let lines = resources.map { "\(escape($0.name)): <strong>\(escape($0.phone))</strong>" }.joined(separator: " · ")
        let crisis = lines.isEmpty ? "" : "<p class=\"crisis\">In a crisis, any time: \(lines)</p>"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(template.title))</title>
            <style>
            @page { size: letter; margin: 0.45in; }
            html { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #000; background: #fff; }
            body { margin: 0 auto; max-width: 7.6in; font-size: \(size)pt; line-height: 1.3; }
            h1 { font-size: 19pt; margin: 0 0 2pt; }
            .meta { font-size: 10.5pt; margin: 0 0 6pt; }
            h2 { font-size: 0.96em; margin: 0.5em 0 0.15em; }
            ul { margin: 0; padding-left: 16pt; }
            li { margin: 0; }
            p { margin: 0; }
            .na { font-style: italic; }
            .crisis { border: 2pt solid #000; padding: 4pt 6pt; margin-top: 8pt; font-size: 1.04em; font-weight: bold; }
            .banner { border: 1.5pt dashed #000; padding: 2pt 6pt; margin: 0 0 4pt; font-weight: bold; }
            footer { font-size: 8.5pt; margin-top: 6pt; }
            </style>
            </head>
            <body>
            <main>
            \(banner)\(status)<h1>\(escape(template.title))</h1>
            <p class="meta">My plan for staying safe · \(escape(day(date))) · version \(plan.revision)</p>
            \(sections)\(crisis)
            <footer>\(escape(template.attribution))</footer>
            </main>
            </body>
            </html>
            """
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    private static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: date)
    }
}

import CrisisCore

/// How long the client's printed copy will run, in body lines of about 70 characters: the print page picks
/// its type size from it, and the quality check warns when even the smallest size would run past one page.
public enum SafetyPlanPrintEstimate {
    /// Characters per printed line at the largest type size.
    static let lineWidth = 70

    public static func lines(_ content: SafetyPlanContent, template: SafetyPlanTemplate) -> Int {
        var lines = 5  // title, date line, crisis box, footer
        for section in template.sections {
            lines += (section.heading.count + lineWidth - 1) / lineWidth
            let entries = content.sections[section.id]?.filledEntries ?? []
            if entries.isEmpty { lines += 1 }
            for entry in entries {
                let length = section.fields.compactMap { entry[$0]?.count }.reduce(0) { $0 + $1 + 3 }
                lines += max(1, (length + lineWidth - 1) / lineWidth)
            }
            if section.lethalMeans, content.sections[section.id]?.lethalMeans?.counselled == true { lines += 1 }
        }
        return lines
    }

    /// The type size (pt) for a copy of this length: 13 pt when it fits, smaller steps down to 10.5 pt.
    public static func fontSize(lines: Int) -> Double {
        switch lines {
        case ...38: 13
        case ...46: 11.5
        default: 10.5
        }
    }

    /// Beyond this many lines even 10.5 pt runs past one US Letter or A4 page.
    public static let onePageLimit = 56
}

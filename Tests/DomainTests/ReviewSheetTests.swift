import CrisisCore
import CrisisTestSupport
import RiskRules
import Testing

@Suite struct ReviewSheetTests {
    /// The sheet names the hash it signs off and every question, rule, flag and outcome of the file.
    @Test(arguments: ShippedProtocolsTests.expected)
    func sheetCoversTheWholeFile(_ id: String) throws {
        let definition = try #require(ProtocolLoader.load(directory: RepositoryPaths.protocols).0?[ProtocolID(id)])
        let sheet = definition.reviewSheet()
        #expect(sheet.contains("File hash: \(definition.hash)"))
        #expect(sheet.contains("for file hash \(definition.hash)."))
        for item in definition.itemIDs { #expect(sheet.contains("`\(item)` — "), "\(item)") }
        for rule in definition.ruleIDs { #expect(sheet.contains("- `\(rule)`: when `"), "\(rule)") }
        for flag in definition.flagIDs { #expect(sheet.contains("- `\(flag)`: when `"), "\(flag)") }
        for outcome in definition.outcomeIDs { #expect(sheet.contains("(`\(outcome)`): tier"), "\(outcome)") }
    }
}

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
        for line in definition.instructions { #expect(sheet.contains("- \(line)")) }
    }

    /// Instructions and time frames are kept from the file, verbatim, for the screen and the sheet.
    @Test func instructionsAndTimeFramesAreKept() throws {
        let protocols = try #require(ProtocolLoader.load(directory: RepositoryPaths.protocols).0)
        let phq9 = try #require(protocols[ProtocolID("phq9")])
        #expect(phq9.instructions == ["Over the last 2 weeks, how often have you been bothered by any of the following problems?"])
        let cssrs = try #require(protocols[ProtocolID("cssrs_screen_recent")])
        #expect(cssrs.instructions.first == "Ask Questions 1 and 2")
        let sheet = cssrs.reviewSheet()
        #expect(sheet.contains("`q1` — Have you wished you were dead or wished you could go to sleep and not wake up?\n   Time frame: past month"))
        #expect(sheet.contains("`q6` — Have you ever done anything, started to do anything, or prepared to do anything to end your life?\n   Time frame: lifetime"))
    }
}

import CrisisCore
import Foundation

/// Loads every `<id>/protocol.yaml` under a folder, reporting every problem in every file at once.
public enum ProtocolLoader {
    /// The library (only when there are no errors) and all diagnostics, errors and warnings.
    ///
    /// With `proofs`, each protocol is also proven (every rule and flag reachable, monotonic tiers); a proof error
    /// refuses the load like any other error.
    public static func load(directory: String, proofs: ProofCache? = nil) -> (ProtocolLibrary?, [Diagnostic]) {
        let fileManager = FileManager.default
        var diagnostics: [Diagnostic] = []
        var definitions: [ProtocolDefinition] = []
        guard let entries = try? fileManager.contentsOfDirectory(atPath: directory) else {
            return (nil, [Diagnostic(.error, code: "missing-folder", file: directory, path: "", message: "cannot read the protocols folder")])
        }
        for folder in entries.sorted() {
            let file = "\(directory)/\(folder)/protocol.yaml"
            guard fileManager.fileExists(atPath: file) else { continue }
            guard let data = fileManager.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(.error, code: "unreadable", file: file, path: "", message: "cannot read the file as UTF-8"))
                continue
            }
            let (definition, fileDiagnostics) = ProtocolCompiler.compile(text: text, file: file)
            diagnostics += fileDiagnostics
            guard let definition else { continue }
            if definition.id.rawValue != folder {
                diagnostics.append(
                    Diagnostic(.error, code: "folder-mismatch", file: file, path: "id",
                               message: "protocol '\(definition.id)' must live in a folder named '\(definition.id)'"))
                continue
            }
            if let proofs { diagnostics += proofs.diagnostics(for: definition, file: file) }
            definitions.append(definition)
        }
        if definitions.isEmpty && !diagnostics.hasErrors {
            diagnostics.append(Diagnostic(.error, code: "no-protocols", file: directory, path: "", message: "no protocol files found"))
        }
        return (diagnostics.hasErrors ? nil : ProtocolLibrary(definitions), diagnostics)
    }
}

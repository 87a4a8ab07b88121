// Evaluations per second: the rules engine against hand-written Swift computing the same Evaluation,
// over every valid answer set of the C-SSRS screener and a fixed sample of PHQ-9 answer sets.
// Usage: crisisd-rules-bench PROTOCOLS_DIR [ROUNDS]
import CrisisCore
import Foundation
import RiskRules

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: crisisd-rules-bench PROTOCOLS_DIR [ROUNDS]")
    exit(2)
}
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7
guard let library = ProtocolLoader.load(directory: arguments[1]).0,
    let cssrs = library[ProtocolID("cssrs_screen_recent")], let phq9 = library[ProtocolID("phq9")]
else {
    print("cannot load the protocols")
    exit(1)
}

/// Every valid C-SSRS answer set (skip logic respected).
func cssrsInputs() -> [Answers] {
    var result: [Answers] = []
    for q1 in ["yes", "no"] {
        for q2 in ["yes", "no"] {
            let middles: [[String: String]] =
                q2 == "yes"
                ? ["yes", "no"].flatMap { q3 in ["yes", "no"].flatMap { q4 in ["yes", "no"].map { q5 in ["q3": q3, "q4": q4, "q5": q5] } } }
                : [[:]]
            for middle in middles {
                for q6 in ["yes", "no"] {
                    for recent in q6 == "yes" ? ["yes", "no"] : [nil] {
                        var answers: Answers = ["q1": .code(q1), "q2": .code(q2), "q6": .code(q6)]
                        for (key, value) in middle { answers[key] = .code(value) }
                        if let recent { answers["q6_recent"] = .code(recent) }
                        result.append(answers)
                    }
                }
            }
        }
    }
    return result
}

/// 4,096 PHQ-9 answer sets from a fixed-seed generator.
func phq9Inputs() -> [Answers] {
    var state: UInt64 = 2024
    func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % 4)
    }
    return (0..<4096).map { _ in
        var answers: Answers = [:]
        for index in 1...9 { answers["item\(index)"] = .integer(next()) }
        return answers
    }
}

/// Median evaluations per second over `rounds` passes of `body` over `inputs`.
func measure(_ inputs: [Answers], repeats: Int, _ body: (Answers) -> Evaluation?) -> Double {
    var rates: [Double] = []
    var sink = 0
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<repeats {
            for answers in inputs { sink &+= body(answers)?.fired.count ?? 0 }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(inputs.count * repeats) / seconds)
    }
    if sink == -1 { print(sink) }  // keeps the work observable to the optimiser
    return rates.sorted()[rates.count / 2]
}

func compare(_ name: String, _ definition: ProtocolDefinition, _ inputs: [Answers], repeats: Int,
             _ handWritten: (Answers, ProtocolDefinition) -> Evaluation?) {
    for answers in inputs where definition.evaluate(answers) != handWritten(answers, definition) {
        print("\(name): hand-written result differs from the engine for \(answers)")
        exit(1)
    }
    let engine = measure(inputs, repeats: repeats) { definition.evaluate($0) }
    let reference = measure(inputs, repeats: repeats) { handWritten($0, definition) }
    print("| \(name) | \(inputs.count) | \(Int(engine)) | \(Int(reference)) | \(String(format: "%.2f", reference / engine))× |")
}

print("| protocol | distinct inputs | engine evaluations/s | hand-written evaluations/s | engine slower by |")
print("| --- | ---: | ---: | ---: | ---: |")
compare("cssrs_screen_recent", cssrs, cssrsInputs(), repeats: 2000, HandWritten.cssrsRecent)
compare("phq9", phq9, phq9Inputs(), repeats: 20, HandWritten.phq9)

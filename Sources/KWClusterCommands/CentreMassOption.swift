import ArgumentParser
import Pipeline

/// `--centre-mass`: how much of its length a lexical cluster centre keeps (create, evaluate, bench).
struct CentreMassOption: ParsableArguments {
    @Option(help: "Lexical vectors: the share of its length a cluster centre keeps in its largest features; 1 keeps them all (exact centres, slower on large sets).")
    var centreMass: Double = 0.95

    func validate() throws {
        guard centreMass > 0, centreMass <= 1 else {
            throw ValidationError("--centre-mass must be above 0 and at most 1 (1 keeps every feature; got \(centreMass))")
        }
    }

    /// Sets the parameters' share: nil (exact centres) for 1.
    func apply(to parameters: inout RunParameters) {
        parameters.centreMass = centreMass == 1 ? nil : centreMass
    }
}

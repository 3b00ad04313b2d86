import ArgumentParser
import Pipeline

/// `--fine-factor`: fine k-means clusters per topic, merged into topics by Ward (create, evaluate, bench).
struct FineFactorOption: ParsableArguments {
    @Option(help: "Semantic vectors: k-means clusters per topic, merged into topics by Ward (default 3; 1 makes one k-means cluster per topic, as before).")
    var fineFactor: Int?

    func validate() throws {
        if let fineFactor, !(1...20).contains(fineFactor) {
            throw ValidationError("--fine-factor must be between 1 and 20 (got \(fineFactor)); 1 makes one k-means cluster per topic")
        }
    }

    /// Sets the parameters' fine factor once their vectors are known: the given one, else the
    /// default for semantic vectors; lexical vectors keep one cluster per topic.
    func apply(to parameters: inout RunParameters) throws {
        if parameters.vectors == .lexical {
            if let fineFactor, fineFactor > 1 {
                throw ValidationError("--fine-factor needs semantic vectors (--vectors=semantic); lexical runs make one k-means cluster per topic")
            }
            return
        }
        parameters.fineFactor = fineFactor ?? RunParameters.defaultFineFactor
    }
}

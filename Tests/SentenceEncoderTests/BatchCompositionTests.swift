import Foundation
import SentenceEncoder
import Testing

/// Workers encode keywords in chunks of their own choosing, while a single process encodes
/// each batch's missing keywords in one call. Both must store the same vectors, bit for bit,
/// or a run with workers would not equal a run without: a text's embedding must not depend on
/// which texts share its call (the encoder packs tokens without padding, and its SGEMM sums
/// every element in one fixed order whatever the tile, the row count or the thread split).
@Suite(.serialized)
struct BatchCompositionTests {
    /// 40 texts of varied lengths (1 to ~60 tokens) so calls mix short and long sequences and the
    /// products' row counts fall both on and off the kernel's register-tile edges.
    static func texts(_ rows: [ReferenceModel.Row]) -> [String] {
        let reference = rows.map(\.text).filter { !$0.isEmpty && $0.count < 300 }
        return Array(reference.prefix(40))
    }

    static func bits(_ vector: [Float]) -> [UInt32] { vector.map(\.bitPattern) }

    @Test("a text's vector is bit-identical alone, in one call with all texts and in shuffled chunks, at every precision",
          arguments: ReferenceModel.runnablePrecisions)
    func vectorsDoNotDependOnTheirCallCompanions(precision: Precision) throws {
        // Given the encoder at this precision and 40 texts
        guard let (_, rows) = ReferenceModel.load(), let encoder = ReferenceModel.encoder(precision) else { return }
        let texts = Self.texts(rows)
        #expect(texts.count == 40)

        // When encoding them all in one call (several batches over both cores), each text alone
        // (one batch, products split over the cores), and in chunks of 1 to 17 shuffled texts
        let together = encoder.encode(texts)
        var alone: [[Float]] = []
        for text in texts { alone.append(encoder.encode([text])[0]) }
        var generator = SystemRandomNumberGenerator()
        var order = Array(texts.indices)
        order.shuffle(using: &generator)
        var chunked = [[Float]](repeating: [], count: texts.count)
        var start = 0, size = 1
        while start < order.count {
            let chunk = Array(order[start..<min(order.count, start + size)])
            for (index, vector) in zip(chunk, encoder.encode(chunk.map { texts[$0] })) { chunked[index] = vector }
            start += size
            size = size % 17 + 3
        }

        // Then every vector has the same bits in all three
        for index in texts.indices {
            #expect(Self.bits(together[index]) == Self.bits(alone[index]), "alone: \(texts[index].debugDescription)")
            #expect(Self.bits(together[index]) == Self.bits(chunked[index]), "chunked: \(texts[index].debugDescription)")
        }
    }

    @Test("a long call (many batches, tokenised in parallel) gives each text its one-call bits, at every precision",
          arguments: ReferenceModel.runnablePrecisions)
    func longCallsMatchShortOnes(precision: Precision) throws {
        // Given the encoder at this precision and 300 texts (over the 256 where tokenising goes
        // parallel), repeated reference texts
        guard let (_, rows) = ReferenceModel.load(), let encoder = ReferenceModel.encoder(precision) else { return }
        let base = Self.texts(rows)
        let texts = (0..<300).map { base[$0 % base.count] + ($0 < base.count ? "" : " \($0)") }

        // When encoding them in one call and in calls of 50
        let together = encoder.encode(texts)
        var pieces: [[Float]] = []
        for start in stride(from: 0, to: texts.count, by: 50) {
            pieces += encoder.encode(Array(texts[start..<min(texts.count, start + 50)]))
        }

        // Then the bits agree
        #expect(together.count == pieces.count)
        for index in texts.indices where Self.bits(together[index]) != Self.bits(pieces[index]) {
            Issue.record("text \(index) \(texts[index].debugDescription) differs between one call and calls of 50")
        }
    }
}

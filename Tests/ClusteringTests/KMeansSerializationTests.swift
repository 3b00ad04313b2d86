import Testing
import VectorMath
@testable import Clustering

@Suite("KMeansModel serialisation")
struct KMeansSerializationTests {
    @Test func sparseRoundTripIsExact() throws {
        // Given a fitted sparse model with an extra cluster that has no members
        let (vectors, _) = SyntheticData.sparse(groups: 4, perGroup: 10, seed: 51)
        var generator = SeededGenerator(seed: 1)
        var model = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 4), generator: &generator).model
        model.appendClusters(seededBy: .sparse(vectors), indices: [3])
        // When serialising and reading back
        let bytes = model.serialized()
        let restored = try KMeansModel(serialized: bytes)
        // Then the model is equal and serialises to the same bytes
        #expect(restored == model)
        #expect(restored.serialized() == bytes)
    }

    @Test func denseRoundTripIsExact() throws {
        // Given a fitted dense model with an extra cluster
        let (values, _) = SyntheticData.dense(groups: 3, perGroup: 10, dimension: 6, seed: 52)
        let data = VectorBatch.dense(values: values, dimension: 6)
        var generator = SeededGenerator(seed: 2)
        var model = KMeansModel.fit(data, parameters: KMeansParameters(clusterCount: 3), generator: &generator).model
        model.appendClusters(seededBy: data, indices: [0])
        // When round-tripping
        let restored = try KMeansModel(serialized: model.serialized())
        // Then it is equal
        #expect(restored == model)
        #expect(restored.vectorKind == .dense(dimension: 6))
    }

    @Test func emptyModelRoundTrips() throws {
        let model = KMeansModel(vectorKind: .sparse)
        #expect(try KMeansModel(serialized: model.serialized()) == model)
    }

    @Test func damagedBytesAreRejected() throws {
        // Given a serialised model
        let (vectors, _) = SyntheticData.sparse(groups: 2, perGroup: 5, seed: 53)
        var generator = SeededGenerator(seed: 3)
        let bytes = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 2), generator: &generator).model.serialized()
        // When truncated, or with a wrong magic, or with trailing bytes, then reading throws
        #expect(throws: KMeansModelDecodingError.truncated) { try KMeansModel(serialized: Array(bytes.dropLast())) }
        #expect(throws: KMeansModelDecodingError.badMagic) { try KMeansModel(serialized: [0] + bytes.dropFirst()) }
        #expect(throws: KMeansModelDecodingError.self) { try KMeansModel(serialized: bytes + [0]) }
    }

    /// A one-cluster sparse model in format 2 whose centre is derived from its sum (flags 0) with
    /// a centre mass below 1, so reading it computes the truncated direction of `values`.
    static func derivedCentreModel(values: [Double]) -> [UInt8] {
        var bytes = Array("KMM".utf8) + [2, 0]
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(UInt32(0))                      // dimension (sparse)
        append(UInt32(1))                      // clusters
        append((0.95 as Double).bitPattern)     // centre mass
        append(UInt64(3))                      // members
        bytes.append(0)                        // flags: centre derived from the sum
        append(UInt32(values.count))
        for index in values.indices { append(UInt32(index)) }
        for value in values { append(value.bitPattern) }
        return bytes
    }

    @Test func sumsThatAreNotFiniteAreRejected() throws {
        // Given the shape the checkpoint fuzzer found: a derived centre from a sum holding an
        // infinity, which crashed the truncation (infinity / infinity made an Int of NaN)
        #expect(try KMeansModel(serialized: Self.derivedCentreModel(values: [0.5, 1, 0.25])).clusterCount == 1)
        // When a value is infinite, NaN, or so large that its square overflows, then reading throws
        for bad in [Double.infinity, -.infinity, .nan, 1e200] {
            #expect(throws: KMeansModelDecodingError.self) {
                try KMeansModel(serialized: Self.derivedCentreModel(values: [bad, 1, 0.25]))
            }
        }
    }
}

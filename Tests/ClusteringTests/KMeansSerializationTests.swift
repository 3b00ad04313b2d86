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
}

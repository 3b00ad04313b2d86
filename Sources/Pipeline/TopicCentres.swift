import Clustering
import VectorMath

/// Each topic's centre and size, the one read the pillars are built from. A topic is one
/// k-means cluster, or in runs with fine clusters the group of clusters a ``TopicMap`` gives
/// it (their sums and counts added): its centre is a unit vector, its size its member count.
/// Topic ids are `0 ..< count`; an id no cluster maps to has size 0.
///
/// Pillars need dense points (Ward's tree works on means). A dense (semantic) model's centres
/// are used as they are; a sparse (lexical) model's centres, hashed features of a very large
/// space, are sketched into ``sketchDimension`` dimensions (a count sketch: each feature adds
/// its value, signed by a hash, to one bucket chosen by another), which keeps dot products
/// between centres in expectation, and then normalised.
struct TopicCentres {
    static let sketchDimension = 256

    let model: KMeansModel
    let dimension: Int

    init(model: KMeansModel, topics: TopicMap? = nil) {
        if let topics {
            let count = Int(topics.topicOf.max() ?? -1) + 1
            self.model = model.merged(groupOf: topics.topicOf, groupCount: count)
        } else {
            self.model = model
        }
        if case .dense(let dimension) = model.vectorKind {
            self.dimension = dimension
        } else {
            dimension = Self.sketchDimension
        }
    }

    /// Topic ids are `0 ..< count`.
    var count: Int { model.clusterCount }

    /// How many keywords `topic` holds.
    func size(of topic: Int) -> Int { model.memberCounts[topic] }

    /// The centre of `topic`, `dimension` values of unit length (or all zero for an empty sparse centre).
    /// - Complexity: O(dimension) dense, O(non-zeros + dimension) sparse
    func centre(of topic: Int) -> [Float] {
        switch model.vectorKind {
        case .dense:
            return model.denseCentre(of: Int32(topic))
        case .sparse:
            return Self.sketch(model.sparseCentre(of: Int32(topic)))
        }
    }

    /// The count sketch of `vector`, normalised.
    static func sketch(_ vector: SparseVector) -> [Float] {
        var sketch = [Float](repeating: 0, count: sketchDimension)
        for (index, value) in zip(vector.indices, vector.values) {
            let hash = mix(UInt64(index))
            let bucket = Int(hash % UInt64(sketchDimension))
            sketch[bucket] += (hash >> 63) == 0 ? value : -value
        }
        let norm = sketch.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? sketch.map { $0 / norm } : sketch
    }

    /// SplitMix64's finaliser: a fixed, well-spread hash of a feature index.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Clustering
import VectorMath

/// Well-separated synthetic clusters for the k-means tests, drawn from a seeded generator.
enum SyntheticData {
    /// `groups` topics of sparse unit vectors: each topic owns 8 features (disjoint between
    /// topics); a point holds 4-6 of its topic's features and one noise feature from a shared
    /// pool, with random positive weights. Returns the vectors and each one's topic.
    static func sparse(groups: Int, perGroup: Int, seed: UInt64) -> (vectors: [SparseVector], labels: [Int]) {
        var generator = SeededGenerator(seed: seed)
        var vectors: [SparseVector] = []
        var labels: [Int] = []
        for point in 0 ..< groups * perGroup {
            let group = point % groups
            var weights: [UInt32: Float] = [:]
            let featureCount = 4 + generator.nextIndex(below: 3)
            while weights.count < featureCount {
                let feature = UInt32(1_000 + group * 8 + generator.nextIndex(below: 8))
                weights[feature] = Float(0.5 + generator.nextUnitInterval())
            }
            weights[UInt32(900_000 + generator.nextIndex(below: 50)), default: 0] += 0.3
            let indices = weights.keys.sorted()
            vectors.append(SparseVector(indices: indices, values: indices.map { weights[$0]! }).normalized())
            labels.append(group)
        }
        return (vectors, labels)
    }

    /// Random sparse unit vectors over `features` features, `perVector` each (overlapping, no
    /// topics); with `negative`, some weights are negative.
    static func randomSparse(count: Int, features: Int, perVector: Int, negative: Bool = false, seed: UInt64) -> [SparseVector] {
        var generator = SeededGenerator(seed: seed)
        return (0 ..< count).map { _ in
            var weights: [UInt32: Float] = [:]
            while weights.count < perVector {
                let low: Float = negative ? -0.4 : 0.05
                weights[UInt32(generator.nextIndex(below: features))] = low + Float(generator.nextUnitInterval()) * (1 - low)
            }
            let indices = weights.keys.sorted()
            return SparseVector(indices: indices, values: indices.map { weights[$0]! }).normalized()
        }
    }

    /// The nearest sparse centre of `vector` by brute force (highest dot product, lowest id on
    /// ties), with that dot product: what the inverted-index search must return, bit for bit.
    static func bruteForceNearest(_ vector: SparseVector, _ model: KMeansModel) -> ClusterAssignment {
        let scores = (0 ..< model.clusterCount).map { vector.dot(model.sparseCentre(of: Int32($0))) }
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
        return ClusterAssignment(cluster: Int32(best), similarity: scores[best])
    }

    /// `groups` random unit directions in `dimension` dimensions and points scattered around
    /// them (noise of standard deviation `noise` per coordinate), normalised.
    static func dense(groups: Int, perGroup: Int, dimension: Int, noise: Float = 0.05, seed: UInt64)
        -> (values: [Float], labels: [Int])
    {
        var generator = SeededGenerator(seed: seed)
        func gaussian() -> Float {
            // Sum of uniforms: enough for tests.
            var s: Double = 0
            for _ in 0 ..< 12 { s += generator.nextUnitInterval() }
            return Float(s - 6)
        }
        let centres = (0 ..< groups).map { _ in normalised((0 ..< dimension).map { _ in gaussian() }) }
        var values: [Float] = []
        var labels: [Int] = []
        for point in 0 ..< groups * perGroup {
            let group = point % groups
            values += normalised(centres[group].map { $0 + noise * gaussian() })
            labels.append(group)
        }
        return (values, labels)
    }

    static func normalised(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    /// Whether `assignments` partition the points exactly as `labels` do (up to renaming).
    static func samePartition(_ assignments: [ClusterAssignment], _ labels: [Int]) -> Bool {
        var forward: [Int: Int32] = [:], backward: [Int32: Int] = [:]
        for (assignment, label) in zip(assignments, labels) {
            if forward[label, default: assignment.cluster] != assignment.cluster { return false }
            if backward[assignment.cluster, default: label] != label { return false }
            forward[label] = assignment.cluster
            backward[assignment.cluster] = label
        }
        return true
    }
}

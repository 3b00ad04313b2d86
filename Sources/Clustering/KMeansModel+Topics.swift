import VectorMath

extension KMeansModel {
    /// Each cluster's mean (its members' sum divided by their count, not normalised), row-major,
    /// and its member count: the points the topic tree merges (dense models only). A cluster
    /// without members has its centre as mean.
    /// - Complexity: O(clusterCount × dimension)
    public func clusterMeans() -> (means: [Double], counts: [Int]) {
        let d = dimension
        precondition(d > 0, "the means of a sparse model are not kept")
        var means = [Double](repeating: 0, count: clusterCount * d)
        for cluster in 0 ..< clusterCount {
            let count = memberCounts[cluster]
            for p in 0 ..< d {
                means[cluster * d + p] = count > 0 ? denseSums[cluster * d + p] / Double(count) : Double(denseCentres[cluster * d + p])
            }
        }
        return (means, memberCounts)
    }

    /// A model of `groupCount` clusters, each the union of the clusters `groupOf` maps to it:
    /// sums and counts added (in cluster order), the centre the direction of the sum. A group
    /// with no member takes the centre of its first cluster (dense models only).
    /// - Complexity: O(clusterCount × dimension)
    public func merged(groupOf: [Int32], groupCount: Int) -> KMeansModel {
        let d = dimension
        precondition(d > 0, "only dense models are merged")
        precondition(groupOf.count == clusterCount, "one group per cluster is needed")
        var model = KMeansModel(vectorKind: vectorKind)
        model.memberCounts = Array(repeating: 0, count: groupCount)
        model.denseSums = Array(repeating: 0, count: groupCount * d)
        model.denseCentres = Array(repeating: 0, count: groupCount * d)
        var seeded = Array(repeating: false, count: groupCount)
        for cluster in 0 ..< clusterCount {
            let group = Int(groupOf[cluster])
            precondition(group >= 0 && group < groupCount, "group \(group) is out of range")
            model.memberCounts[group] += memberCounts[cluster]
            for p in 0 ..< d { model.denseSums[group * d + p] += denseSums[cluster * d + p] }
            if !seeded[group] {
                seeded[group] = true
                for p in 0 ..< d { model.denseCentres[group * d + p] = denseCentres[cluster * d + p] }
            }
        }
        for group in 0 ..< groupCount where model.memberCounts[group] > 0 { model.updateDenseCentre(group) }
        return model
    }
}

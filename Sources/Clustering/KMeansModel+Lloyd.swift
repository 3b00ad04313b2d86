import VectorMath

extension KMeansModel {
    /// Fits `parameters.clusterCount` clusters to `data`: greedy k-means++ seeding
    /// (``chooseNewSeeds(from:count:trials:generator:)``), then Lloyd iterations until the
    /// relative centre shift is at most `parameters.tolerance`, no point changes cluster, or
    /// `parameters.maxIterations` iterations have run.
    ///
    /// Deterministic for a given generator state: the same data, parameters and state give a
    /// bit-identical fit, and leave the generator in the same state. Fewer clusters than asked
    /// are returned only when `data` has fewer distinct points.
    ///
    /// - Complexity: seeding (see ``chooseNewSeeds(from:count:trials:generator:)``) plus, per
    ///   iteration, one ``assign(_:)`` and an update of the clusters whose members changed:
    ///   sparse O(m log m) for their m non-zeros, dense O(n × dimension).
    public static func fit(_ data: VectorBatch, parameters: KMeansParameters, generator: inout SeededGenerator) -> KMeansFit {
        data.checkShape()
        var model = KMeansModel(vectorKind: data.kind, centreMass: parameters.centreMass)
        let k = min(parameters.clusterCount, data.count)
        guard k > 0 else { return KMeansFit(model: model, assignments: [], iterations: 0, inertia: 0) }
        let seeds = model.chooseNewSeeds(
            from: data, count: k, trials: parameters.resolvedSeedingTrials(for: parameters.clusterCount),
            generator: &generator)
        model.appendClusters(seededBy: data, indices: seeds)
        let result = model.lloyd(data, labels: nil, maxIterations: parameters.maxIterations, tolerance: parameters.tolerance,
                                 rule: parameters.assignment)
        return KMeansFit(model: model, assignments: result.assignments, iterations: result.iterations, inertia: result.inertia)
    }

    /// Lloyd refinement of the existing clusters over `data`, keeping every cluster id.
    ///
    /// Starts from the current centres; each iteration assigns every point to its nearest
    /// centre and moves each centre to the mean direction of its members. A cluster left
    /// without members keeps its previous centre (and id). Stops as ``fit(_:parameters:generator:)``
    /// does. Afterwards the sums and counts are recomputed from `data` alone, so the model
    /// describes exactly these members, and `assignments` holds each point's cluster and its
    /// similarity to that cluster's final centre.
    ///
    /// - Parameters:
    ///   - assignments: the points' current assignments (one per point), or empty when unknown;
    ///     replaced by the final ones.
    ///   - maxIterations: 0 only recomputes the sums from `assignments` (or from the nearest
    ///     centres when it is empty).
    ///   - rule: how each iteration assigns the points (``LloydAssignment``); the final
    ///     assignments report cosines either way.
    /// - Returns: the iterations run and the inertia Σ (1 − similarity).
    /// - Complexity: as ``fit(_:parameters:generator:)`` without seeding.
    @discardableResult
    public mutating func refine(
        _ data: VectorBatch, assignments: inout [ClusterAssignment], maxIterations: Int, tolerance: Double,
        rule: LloydAssignment = .nearestDirection
    ) -> (iterations: Int, inertia: Double) {
        checkCompatible(data)
        precondition(assignments.isEmpty || assignments.count == data.count, "one assignment per point is needed")
        guard clusterCount > 0, !data.isEmpty else {
            if clusterCount > 0 { _ = recomputeClusters(data, labels: [], previous: nil) }
            assignments = []
            return (0, 0)
        }
        let labels = assignments.isEmpty ? nil : assignments.map(\.cluster)
        let result = lloyd(data, labels: labels, maxIterations: maxIterations, tolerance: tolerance, rule: rule)
        assignments = result.assignments
        return (result.iterations, result.inertia)
    }

    /// The Lloyd loop shared by fit and refine. `labels`, when given, are the points' current
    /// clusters (the sums need not describe them yet).
    mutating func lloyd(
        _ data: VectorBatch, labels initial: [Int32]?, maxIterations: Int, tolerance: Double,
        rule: LloydAssignment = .nearestDirection
    ) -> (assignments: [ClusterAssignment], iterations: Int, inertia: Double) {
        var labels = initial
        var sumsDescribeLabels = false
        var iterations = 0
        // The last assignment, and the clusters whose centre moved since: the next assignment
        // searches only those for points whose own centre stayed.
        var last: (assignments: [ClusterAssignment], moved: [Int])?
        while iterations < maxIterations {
            let assignments = rule == .nearestMean ? lloydAssign(data, rule: rule)
                : last.map { assign(data, after: $0.assignments, moved: $0.moved) } ?? assign(data)
            let nearest = assignments.map(\.cluster)
            iterations += 1
            if sumsDescribeLabels, nearest == labels { break }
            var moved: [Int] = []
            let shift = recomputeClusters(data, labels: nearest, previous: sumsDescribeLabels ? labels : nil, moved: &moved)
            last = (assignments, moved)
            labels = nearest
            sumsDescribeLabels = true
            if shift <= tolerance { break }
        }
        let final = labels ?? lloydAssign(data, rule: rule).map(\.cluster)
        if !sumsDescribeLabels { _ = recomputeClusters(data, labels: final, previous: nil) }
        let similarities = similaritiesToOwnCentres(data, labels: final)
        var inertia: Double = 0
        for similarity in similarities { inertia += 1 - Double(similarity) }
        let assignments = zip(final, similarities).map { ClusterAssignment(cluster: $0, similarity: $1) }
        return (assignments, iterations, inertia)
    }

    /// Sets every cluster's sum and count to those of its members under `labels` (all
    /// clusters, or with `previous` labels, only those whose members changed), and points
    /// the centres at the new sums; an emptied cluster keeps its centre.
    ///
    /// - Parameter moved: set to the clusters whose centre changed, ascending (every recomputed
    ///   cluster of a dense model).
    /// - Returns: the relative centre shift, `sqrt(Σⱼ ‖cⱼ' − cⱼ‖² / k)` (unit centres).
    /// - Complexity: sparse O(m log m) for the m non-zeros of the recomputed clusters' members;
    ///   dense O(n × dimension); both divided among the cores.
    mutating func recomputeClusters(_ data: VectorBatch, labels: [Int32], previous: [Int32]?) -> Double {
        var moved: [Int] = []
        return recomputeClusters(data, labels: labels, previous: previous, moved: &moved)
    }

    mutating func recomputeClusters(_ data: VectorBatch, labels: [Int32], previous: [Int32]?, moved: inout [Int]) -> Double {
        moved = []
        let k = clusterCount
        let groups = ClusterMembers(labels: labels, clusterCount: k)
        let changed: [Int]
        if let previous {
            var mark = [Bool](repeating: false, count: k)
            for (old, new) in zip(previous, labels) where old != new {
                mark[Int(old)] = true
                mark[Int(new)] = true
            }
            changed = (0 ..< k).filter { mark[$0] }
        } else {
            changed = Array(0 ..< k)
        }
        for j in changed { memberCounts[j] = groups.offsets[j + 1] - groups.offsets[j] }
        var shiftSquares: Double = 0
        switch data {
        case .sparse(let vectors):
            let oldCentres = sparseCentres
            let mass = centreMass
            let updates = mapChunks(count: changed.count, chunkSize: 64) { range -> [(SparseSum, SparseVector?, Double)] in
                range.map { position in
                    let j = changed[position]
                    let sum = SparseSum.zero.adding(groups.of(j).lazy.map { vectors[$0] })
                    let centre = sum.direction(mass: mass)
                    let shift = centre.map { squaredDistance($0, oldCentres[j]) } ?? 0
                    return (sum, centre, shift)
                }
            }
            var position = 0
            for chunk in updates {
                for (sum, centre, shift) in chunk {
                    let j = changed[position]
                    sparseSums[j] = sum
                    if let centre {
                        // An unchanged centre (a zero shift) keeps its place in the index.
                        if shift > 0 { moved.append(j) }
                        sparseCentres[j] = centre
                        markStale(j)
                    }
                    shiftSquares += shift
                    position += 1
                }
            }
        case .dense(let values, let d):
            let oldCentres = denseCentres
            moved = changed
            for j in changed {
                for t in j * d ..< (j + 1) * d { denseSums[t] = 0 }
                addDense(values: values, dimension: d, members: groups.of(j), to: j)
                if updateDenseCentre(j) {
                    var square: Double = 0
                    for t in j * d ..< (j + 1) * d {
                        let delta = Double(denseCentres[t]) - Double(oldCentres[t])
                        square += delta * delta
                    }
                    shiftSquares += square
                }
            }
        }
        refreshCentreIndex(force: true)
        return (shiftSquares / Double(max(k, 1))).squareRoot()
    }
}

/// ‖a − b‖² by merging the two index lists.
/// - Complexity: O(nnz(a) + nnz(b))
func squaredDistance(_ a: SparseVector, _ b: SparseVector) -> Double {
    var i = 0, j = 0
    var sum: Double = 0
    while i < a.indices.count || j < b.indices.count {
        let delta: Double
        if j == b.indices.count || (i < a.indices.count && a.indices[i] < b.indices[j]) {
            delta = Double(a.values[i]); i += 1
        } else if i == a.indices.count || b.indices[j] < a.indices[i] {
            delta = Double(b.values[j]); j += 1
        } else {
            delta = Double(a.values[i]) - Double(b.values[j]); i += 1; j += 1
        }
        sum += delta * delta
    }
    return sum
}

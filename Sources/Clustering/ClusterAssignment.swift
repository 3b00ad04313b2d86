/// The cluster a point belongs to and its cosine similarity to that cluster's centre.
public struct ClusterAssignment: Sendable, Equatable, Hashable {
    /// The cluster id (an index into the model's clusters).
    public var cluster: Int32
    /// The cosine similarity of the point to the centre (1 − distance).
    public var similarity: Float

    public init(cluster: Int32, similarity: Float) {
        self.cluster = cluster
        self.similarity = similarity
    }
}

/// What ``KMeansModel/fit(_:parameters:generator:)`` returns.
public struct KMeansFit: Sendable {
    /// The fitted model: its sums and counts describe exactly ``assignments``.
    public var model: KMeansModel
    /// One assignment per input point, with the similarity to the point's final centre.
    public var assignments: [ClusterAssignment]
    /// The Lloyd iterations run (each one an assignment and an update).
    public var iterations: Int
    /// Σ (1 − similarity) over the points: the sum of cosine distances to their centres
    /// (half scikit-learn's squared Euclidean inertia, for unit vectors).
    public var inertia: Double

    public init(model: KMeansModel, assignments: [ClusterAssignment], iterations: Int, inertia: Double) {
        self.model = model
        self.assignments = assignments
        self.iterations = iterations
        self.inertia = inertia
    }
}

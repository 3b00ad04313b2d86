import Foundation

/// The settings of one k-means fit, named after scikit-learn's `KMeans` the Swift way
/// (`n_clusters` → ``clusterCount``, `max_iter` → ``maxIterations``, `tol` → ``tolerance``).
public struct KMeansParameters: Sendable, Codable, Equatable {
    /// The number of clusters to form (`n_clusters`). A fit returns fewer only when the data
    /// holds fewer distinct points.
    public var clusterCount: Int

    /// The most Lloyd iterations (assignment then update) a fit runs (`max_iter`, whose
    /// default 300 is for one full run; 100 is plenty from a k-means++ start).
    public var maxIterations: Int = 100

    /// Lloyd stops once the centres move less than this, relative to their size: the
    /// root-mean-square shift of the (unit) centres, `sqrt(Σⱼ ‖cⱼ' − cⱼ‖² / Σⱼ ‖cⱼ‖²)`, is at most
    /// `tolerance`. It also stops as soon as no point changes cluster. 0.01 means "the centres
    /// moved by about 1 % of their length on average".
    public var tolerance: Double = 0.01

    /// Candidates sampled per new centre by greedy k-means++ (`n_local_trials`); the one that
    /// lowers the potential most is kept. `nil` means `2 + Int(log(k))`, scikit-learn's default.
    public var seedingTrials: Int? = nil

    /// Sparse vectors: the share of its squared length a centre keeps in its largest features
    /// (see ``KMeansModel/centreMass``); `nil` keeps them all.
    public var centreMass: Double? = nil

    /// How Lloyd assigns dense points (``LloydAssignment``); sparse models always take the
    /// nearest direction.
    public var assignment: LloydAssignment = .nearestDirection

    public init(clusterCount: Int, maxIterations: Int = 100, tolerance: Double = 0.01, seedingTrials: Int? = nil,
                centreMass: Double? = nil, assignment: LloydAssignment = .nearestDirection) {
        self.assignment = assignment
        precondition(centreMass.map { $0 > 0 && $0 <= 1 } ?? true, "a centre must keep a share in (0, 1]")
        self.centreMass = centreMass
        precondition(clusterCount >= 0, "negative cluster count")
        precondition(maxIterations >= 0, "negative iteration count")
        precondition(tolerance >= 0, "negative tolerance")
        self.clusterCount = clusterCount
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seedingTrials = seedingTrials
    }

    /// ``seedingTrials``, or scikit-learn's default for `count` centres.
    func resolvedSeedingTrials(for count: Int) -> Int {
        Self.seedingTrials(seedingTrials, for: count)
    }

    static func seedingTrials(_ trials: Int?, for count: Int) -> Int {
        if let trials { return max(1, trials) }
        return 2 + Int(log(Double(max(count, 1))))
    }
}

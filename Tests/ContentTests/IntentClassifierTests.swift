import Testing
@testable import Content

@Suite("IntentClassifier")
struct IntentClassifierTests {
    @Test("Informational modifiers", arguments: [
        "how to prune roses", "what is mulch", "why do tomatoes split", "composting guide",
        "lawn care tips", "patio ideas", "vegetable gardening for beginners",
    ])
    func informational(keyword: String) {
        #expect(IntentClassifier.intent(of: keyword) == .informational)
    }

    @Test("Commercial modifiers", arguments: [
        "best garden hose", "top 10 tents", "gas vs charcoal grill", "weber grill review",
        "compare lawn mowers", "roundup alternatives", "sleeping bag reviews",
    ])
    func commercial(keyword: String) {
        #expect(IntentClassifier.intent(of: keyword) == .commercial)
    }

    @Test("Transactional modifiers", arguments: [
        "buy raised garden bed", "patio umbrella price", "cheap hammocks", "grill deals",
        "mulch coupon", "used kayaks for sale", "order seeds online",
    ])
    func transactional(keyword: String) {
        #expect(IntentClassifier.intent(of: keyword) == .transactional)
    }

    @Test("Navigational modifiers", arguments: [
        "rei login", "home depot app", "gardena official website", "sign in to garden planner",
        "wayfair outdoor furniture",
    ])
    func navigational(keyword: String) {
        #expect(IntentClassifier.intent(of: keyword) == .navigational)
    }

    @Test("Local modifiers and places", arguments: [
        "garden center near me", "tree removal nearby", "nursery open now",
        "landscaping in austin", "lawn care denver", "pool builders in phoenix",
        "best pizza oven near me",
    ])
    func local(keyword: String) {
        #expect(IntentClassifier.intent(of: keyword) == .local)
    }

    @Test("Keywords without modifiers have no intent; words inside other words do not count")
    func noModifier() {
        #expect(IntentClassifier.intent(of: "garden hose") == nil)
        #expect(IntentClassifier.intent(of: "laptop stand") == nil)
        #expect(IntentClassifier.intent(of: "border plants") == nil)
        #expect(IntentClassifier.intent(of: "top soil") == nil)
        #expect(IntentClassifier.intent(of: "phoenix palm") == nil)
        #expect(IntentClassifier.intent(of: "") == nil)
    }

    @Test("The leftmost modifier decides, the longest phrase at one position")
    func leftmostWins() {
        #expect(IntentClassifier.intent(of: "how to buy a tent") == .informational)
        #expect(IntentClassifier.intent(of: "best cheap tent") == .commercial)
        #expect(IntentClassifier.intent(of: "cheap tents for sale reviews") == .transactional)
        #expect(IntentClassifier.intent(of: "where to buy mulch") == .transactional)
    }

    @Test("The cluster vote weighs volume")
    func clusterVoteByVolume() {
        // Given many small informational keywords and one big commercial one
        let keywords = [
            ClusterKeyword(text: "garden hose", volume: 90_000, similarity: 0.9),
            ClusterKeyword(text: "best garden hose", volume: 10_000, similarity: 0.9),
            ClusterKeyword(text: "how to fix a garden hose", volume: 2_000, similarity: 0.8),
            ClusterKeyword(text: "garden hose tips", volume: 1_000, similarity: 0.8),
            ClusterKeyword(text: "how to store a garden hose", volume: 1_000, similarity: 0.8),
        ]
        // When the cluster votes, then keywords without a modifier abstain and volume decides
        #expect(IntentClassifier.intent(ofCluster: keywords) == .commercial)
    }

    @Test("Unknown volumes still count one vote each")
    func clusterVoteWithoutVolumes() {
        // Given a cluster without volumes
        let keywords = [
            ClusterKeyword(text: "buy compost", volume: nil, similarity: 0.9),
            ClusterKeyword(text: "how to compost", volume: nil, similarity: 0.9),
            ClusterKeyword(text: "composting tips", volume: nil, similarity: 0.9),
        ]
        // When it votes, then it is a head count
        #expect(IntentClassifier.intent(ofCluster: keywords) == .informational)
    }

    @Test("Ties go to the more specific intent")
    func clusterVoteTie() {
        // Given equal weights for commercial and transactional, then for informational and local
        let buying = [
            ClusterKeyword(text: "best kayak", volume: 99, similarity: 0.9),
            ClusterKeyword(text: "kayak price", volume: 99, similarity: 0.9),
        ]
        let local = [
            ClusterKeyword(text: "kayak tips", volume: 10, similarity: 0.9),
            ClusterKeyword(text: "kayak rental near me", volume: 10, similarity: 0.9),
        ]
        // When each votes, then the tie-break order decides, whatever the input order
        #expect(IntentClassifier.intent(ofCluster: buying) == .transactional)
        #expect(IntentClassifier.intent(ofCluster: buying.reversed()) == .transactional)
        #expect(IntentClassifier.intent(ofCluster: local) == .local)
        #expect(SearchIntent.tieBreakOrder == [.local, .transactional, .commercial, .navigational, .informational])
    }

    @Test("A cluster without any modifier is informational")
    func clusterWithoutSignal() {
        let keywords = [ClusterKeyword(text: "hammock", volume: 50_000, similarity: 1)]
        #expect(IntentClassifier.intent(ofCluster: keywords) == .informational)
    }
}

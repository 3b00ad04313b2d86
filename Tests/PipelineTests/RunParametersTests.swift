import Clustering
import Foundation
@testable import Lab
import Testing
@testable import Pipeline

@Suite struct RunParametersTests {
    @Test func newRunsTruncateLexicalCentres() throws {
        // Given the default parameters
        let parameters = RunParameters()
        // When stored and read back, then centres keep 95% of their length, and that is kept
        #expect(parameters.centreMass == 0.95)
        let back = try JSONDecoder().decode(RunParameters.self, from: Data(parameters.json().utf8))
        #expect(back == parameters)
    }

    @Test func runsStoredBeforeTheLimitExistedResumeWithExactCentres() throws {
        // Given the parameters of a run started before `centreMass` existed (no such key)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(RunParameters().json().utf8)) as? [String: Any])
        object.removeValue(forKey: "centreMass")
        let old = try JSONSerialization.data(withJSONObject: object)
        // When reading them, then the limit is absent: the run resumes exactly as it began
        #expect(try JSONDecoder().decode(RunParameters.self, from: old).centreMass == nil)
    }

    @Test func newRunsRefineLargeTopicsByTheNearestMean() throws {
        // Given the default parameters, stored and read back
        let parameters = try JSONDecoder().decode(RunParameters.self, from: Data(RunParameters().json().utf8))
        // Then large topics are polished by the nearest mean, small ones by the nearest direction
        #expect(parameters.refinesBySize == true)
        #expect(parameters.refineAssignment(meanTopicSize: 1000) == .nearestMean)
        #expect(parameters.refineAssignment(meanTopicSize: 100) == .nearestMean)
        #expect(parameters.refineAssignment(meanTopicSize: 20) == .nearestDirection)
    }

    @Test func runsStoredBeforeSizedRefinementExistedRefineByDirection() throws {
        // Given the parameters of a run started before `refinesBySize` existed (no such key)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(RunParameters().json().utf8)) as? [String: Any])
        #expect(object["refinesBySize"] as? Bool == true)
        object.removeValue(forKey: "refinesBySize")
        let old = try JSONDecoder().decode(RunParameters.self, from: try JSONSerialization.data(withJSONObject: object))
        // When reading them, then every refinement takes the nearest direction, as the run began
        #expect(old.refinesBySize == nil)
        #expect(old.refineAssignment(meanTopicSize: 1000) == .nearestDirection)
    }

    @Test func runsStoredBeforePrecisionExistedResumeInFP32() throws {
        // Given a semantic run's parameters stored before `encoderPrecision` existed (no such key)
        var parameters = RunParameters()
        parameters.vectors = .semantic
        parameters.modelDirectory = "/models/all-MiniLM-L6-v2"
        var object = try #require(try JSONSerialization.jsonObject(with: Data(parameters.json().utf8)) as? [String: Any])
        #expect(object["encoderPrecision"] == nil, "a run without a precision stores no key")
        object.removeValue(forKey: "encoderPrecision")
        let old = try JSONSerialization.data(withJSONObject: object)

        // When reading them, then there is no precision: the encoder loads at fp32 and reads the
        // vectors stored under the bare model name, as before
        let back = try JSONDecoder().decode(RunParameters.self, from: old)
        #expect(back.encoderPrecision == nil)
        #expect(QualityHarness.vectorKey("/models/all-MiniLM-L6-v2", back) == "all-MiniLM-L6-v2")
    }

    @Test func aRunsPrecisionIsStoredAndReadBack() throws {
        // Given a semantic run at int8
        var parameters = RunParameters()
        parameters.vectors = .semantic
        parameters.modelDirectory = "/models/all-MiniLM-L6-v2"
        parameters.encoderPrecision = .int8

        // When stored and read back, then it keeps int8, and its vectors are filed apart from fp32 ones
        let back = try RunParameters.decode(parameters.json())
        #expect(back.encoderPrecision == .int8)
        #expect(parameters.json().contains("\"encoderPrecision\":\"int8\""))
        #expect(QualityHarness.vectorKey("/models/all-MiniLM-L6-v2", back) == "all-MiniLM-L6-v2@int8")
    }

    @Test func autoClustersIsStoredAndNeedsFineClusters() throws {
        // Given a batched semantic run with fine clusters and --clusters=auto
        var parameters = RunParameters()
        parameters.vectors = .semantic
        parameters.fineFactor = 3
        parameters.autoClusters = true
        // When stored and read back, then it is still auto, and cuts at one page's cost
        let back = try RunParameters.decode(parameters.json())
        #expect(back.autoClusters == true)
        #expect(back.autoPageCost == FineClusterMerge.onePageCost)
        // A run without fine clusters has no tree of them to cut
        parameters.fineFactor = 1
        #expect(parameters.autoPageCost == nil)
        // Runs stored before the option (no key) are not auto
        #expect(try RunParameters.decode(RunParameters().json()).autoPageCost == nil)
        #expect(!RunParameters().json().contains("autoClusters"))
        // auto and a number together are refused
        parameters.clusterCount = 12
        #expect(throws: PipelineError.self) { try parameters.validate() }
    }
}

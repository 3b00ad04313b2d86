import Foundation
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
}

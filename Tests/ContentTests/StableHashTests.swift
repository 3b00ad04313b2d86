import Testing
@testable import Content

@Suite("StableHash")
struct StableHashTests {
    @Test("FNV-1a 64 matches the reference values")
    func referenceValues() {
        #expect(StableHash.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a("foobar") == 0x8594_4171_f739_67e8)
    }
}

import Testing
import VectorMath

/// Checks the SGEMM against a plain triple loop on sizes that exercise every edge: partial
/// row tiles, partial column panels, several 384-deep blocks, and both parallel splits.
struct MatrixMultiplyTests {
    /// A deterministic pseudo-random matrix with entries in [-1, 1).
    static func matrix(rows: Int, columns: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<rows * columns).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Float(state % 2000) / 1000 - 1
        }
    }

    /// `C[i][j] = Σ A[i][p] B[j][p] + bias[j]`, in Double.
    static func naive(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, bias: [Float]?) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = Double(bias?[j] ?? 0)
                for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[j * k + p]) }
                c[i * n + j] = Float(sum)
            }
        }
        return c
    }

    static func maxError(_ x: [Float], _ y: [Float]) -> Float {
        zip(x, y).map { abs($0 - $1) }.max() ?? 0
    }

    @Test("matches a triple loop on odd sizes", arguments: [
        (1, 1, 1), (5, 7, 3), (6, 16, 8), (7, 17, 9), (13, 33, 29), (12, 31, 400), (3, 50, 777),
    ])
    func matchesNaive(size: (m: Int, n: Int, k: Int)) {
        // Given random A (m × k), B (n × k) and a bias of n floats
        let a = Self.matrix(rows: size.m, columns: size.k, seed: 1)
        let b = Self.matrix(rows: size.n, columns: size.k, seed: 2)
        let bias = Self.matrix(rows: 1, columns: size.n, seed: 3)

        // When multiplying with and without the bias
        let withBias = multiplyTransposed(a, rows: size.m, b, rows: size.n, depth: size.k, bias: bias)
        let withoutBias = multiplyTransposed(a, rows: size.m, b, rows: size.n, depth: size.k)

        // Then both equal the triple loop up to float rounding
        let tolerance = Float(size.k).squareRoot() * 1e-5
        #expect(withBias.count == size.m * size.n)
        #expect(Self.maxError(withBias, Self.naive(a, b, m: size.m, n: size.n, k: size.k, bias: bias)) < tolerance)
        #expect(Self.maxError(withoutBias, Self.naive(a, b, m: size.m, n: size.n, k: size.k, bias: nil)) < tolerance)
    }

    @Test("gives the same bits with one thread or several, split by rows or by columns",
          arguments: [(60, 70, 600), (130, 40, 500), (5, 700, 700)])
    func parallelEqualsSerial(size: (m: Int, n: Int, k: Int)) {
        // Given a product large enough (≥ 2²¹ multiply-adds) to be split over threads
        let a = Self.matrix(rows: size.m, columns: size.k, seed: 4)
        let b = Self.matrix(rows: size.n, columns: size.k, seed: 5)
        let packed = PackedMatrix(b, rows: size.n, depth: size.k)
        var serial = [Float](repeating: .nan, count: size.m * size.n)
        var parallel = [Float](repeating: .nan, count: size.m * size.n)

        // When computing it serially and in parallel
        a.withUnsafeBufferPointer { a in
            serial.withUnsafeMutableBufferPointer { multiplyTransposed(a, rows: size.m, packed, into: $0, parallel: false) }
            parallel.withUnsafeMutableBufferPointer { multiplyTransposed(a, rows: size.m, packed, into: $0, parallel: true) }
        }

        // Then the results are identical and correct
        #expect(serial == parallel)
        let expected = Self.naive(a, b, m: size.m, n: size.n, k: size.k, bias: nil)
        #expect(Self.maxError(parallel, expected) < Float(size.k).squareRoot() * 1e-5)
    }

    @Test("an empty depth gives the bias")
    func zeroDepth() {
        // Given A and B with no columns
        // When multiplying with a bias
        let c = multiplyTransposed([], rows: 2, [], rows: 3, depth: 0, bias: [1, 2, 3])

        // Then every row is the bias
        #expect(c == [1, 2, 3, 1, 2, 3])
    }

    @Test("computes a known 2 × 2 product")
    func knownProduct() {
        // Given A = [[1, 2], [3, 4]] and B = [[5, 6], [7, 8]]
        // When computing A · Bᵀ + [10, 20]
        let c = multiplyTransposed([1, 2, 3, 4], rows: 2, [5, 6, 7, 8], rows: 2, depth: 2, bias: [10, 20])

        // Then C = [[1·5+2·6+10, 1·7+2·8+20], [3·5+4·6+10, 3·7+4·8+20]]
        #expect(c == [27, 43, 49, 73])
    }

    @Test("packs rows into zero-padded panels")
    func packing() {
        // Given a matrix one row longer than a panel, whose entry (j, p) is 10 j + p
        let rows = PackedMatrix.panelWidth + 1
        let b = (0..<rows).flatMap { j in [Float(10 * j), Float(10 * j + 1)] }

        // When packing it
        let packed = PackedMatrix(b, rows: rows, depth: 2)

        // Then it has two panels and keeps its size
        #expect(packed.panelCount == 2)
        #expect(packed.rows == rows)
        #expect(packed.depth == 2)
        // And multiplying by unit vectors reads its columns back
        let firstColumn = multiplyTransposed([1, 0], rows: 1, b, rows: rows, depth: 2)
        let secondColumn = multiplyTransposed([0, 1], rows: 1, b, rows: rows, depth: 2)
        #expect(firstColumn == (0..<rows).map { Float(10 * $0) })
        #expect(secondColumn == (0..<rows).map { Float(10 * $0 + 1) })
    }
}

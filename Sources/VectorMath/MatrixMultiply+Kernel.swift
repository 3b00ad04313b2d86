#if !KWCLUSTER_AVX512
/// The SGEMM register tile for AVX2: 6 rows of `A` times one 16-wide panel of packed `B`.
///
/// Twelve `SIMD8<Float>` accumulators, two panel vectors and one broadcast use 15 of the 16
/// AVX2 registers, so the inner loop runs from registers with one fused multiply-add per
/// accumulator per depth step (the classic 6 × 16 Haswell shape). Builds defining
/// `KWCLUSTER_AVX512` (with an AVX-512 target CPU) use the 12 × 32 tile of
/// `MatrixMultiply+Kernel512.swift` instead.
enum MatrixKernel {
    /// Rows of `A` per register tile.
    static let tileRows = 6
    /// Columns per register tile, the width of a ``PackedMatrix`` panel.
    static let tileColumns = 16

    /// Accumulates one tile: `validRows` rows of `A` starting at `a` (row stride `stride`,
    /// already offset to the depth block) times one packed panel. Missing rows repeat the last
    /// valid one; their sums are ignored by the caller.
    ///
    /// - Complexity: O(count).
    @inline(__always)
    static func tile(
        _ a: UnsafePointer<Float>, stride: Int, validRows: Int,
        panel: UnsafePointer<Float>, count: Int, tile: UnsafeMutablePointer<SIMD8<Float>>
    ) {
        let last = validRows - 1
        tile6x16(a, a + min(1, last) * stride, a + min(2, last) * stride,
                 a + min(3, last) * stride, a + min(4, last) * stride, a + min(5, last) * stride,
                 panel: panel, count: count, tile: tile)
    }

    /// Accumulates `A[rows, p0..<p1] · panel[p0..<p1]` for six rows and sixteen columns.
    ///
    /// - Parameters:
    ///   - a: six row pointers into `A`, already offset to column `p0`.
    ///   - panel: the packed panel, already offset to depth `p0`.
    ///   - count: `p1 - p0`.
    ///   - tile: receives the 6 × 16 sums, row-major (16 floats per row).
    /// - Complexity: O(count), 192 fused multiply-adds per depth step.
    @inline(__always)
    static func tile6x16(
        _ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>, _ a2: UnsafePointer<Float>,
        _ a3: UnsafePointer<Float>, _ a4: UnsafePointer<Float>, _ a5: UnsafePointer<Float>,
        panel: UnsafePointer<Float>, count: Int,
        tile: UnsafeMutablePointer<SIMD8<Float>>
    ) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>()
        var c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var b = UnsafeRawPointer(panel)
        for p in 0..<count {
            let b0 = b.loadUnaligned(as: SIMD8<Float>.self)
            let b1 = b.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            b += 64
            var x = SIMD8<Float>(repeating: a0[p])
            c00 = c00.addingProduct(x, b0)
            c01 = c01.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a1[p])
            c10 = c10.addingProduct(x, b0)
            c11 = c11.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a2[p])
            c20 = c20.addingProduct(x, b0)
            c21 = c21.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a3[p])
            c30 = c30.addingProduct(x, b0)
            c31 = c31.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a4[p])
            c40 = c40.addingProduct(x, b0)
            c41 = c41.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a5[p])
            c50 = c50.addingProduct(x, b0)
            c51 = c51.addingProduct(x, b1)
        }
        tile[0] = c00; tile[1] = c01
        tile[2] = c10; tile[3] = c11
        tile[4] = c20; tile[5] = c21
        tile[6] = c30; tile[7] = c31
        tile[8] = c40; tile[9] = c41
        tile[10] = c50; tile[11] = c51
    }
}
#endif

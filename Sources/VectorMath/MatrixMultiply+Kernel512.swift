#if KWCLUSTER_AVX512
/// The SGEMM register tile for AVX-512 builds (`-D KWCLUSTER_AVX512` with an AVX-512 target
/// CPU such as `skylake-avx512`): 12 rows of `A` times one 32-wide panel of packed `B`.
///
/// Twenty-four `SIMD16<Float>` accumulators, two panel vectors and one broadcast use 27 of the
/// 32 AVX-512 registers.
enum MatrixKernel {
    /// Rows of `A` per register tile.
    static let tileRows = 12
    /// Columns per register tile, the width of a ``PackedMatrix`` panel.
    static let tileColumns = 32

    /// Accumulates one tile: `validRows` rows of `A` starting at `a` (row stride `stride`,
    /// already offset to the depth block) times one packed panel, into `tile` (row-major,
    /// 32 floats per row). Missing rows repeat the last valid one; the caller ignores them.
    ///
    /// - Complexity: O(count), 384 fused multiply-adds per depth step.
    @inline(__always)
    static func tile(
        _ a: UnsafePointer<Float>, stride: Int, validRows: Int,
        panel: UnsafePointer<Float>, count: Int, tile: UnsafeMutablePointer<SIMD8<Float>>
    ) {
        let last = validRows - 1
        let a0 = a + min(0, last) * stride
        let a1 = a + min(1, last) * stride
        let a2 = a + min(2, last) * stride
        let a3 = a + min(3, last) * stride
        let a4 = a + min(4, last) * stride
        let a5 = a + min(5, last) * stride
        let a6 = a + min(6, last) * stride
        let a7 = a + min(7, last) * stride
        let a8 = a + min(8, last) * stride
        let a9 = a + min(9, last) * stride
        let a10 = a + min(10, last) * stride
        let a11 = a + min(11, last) * stride
        var c00 = SIMD16<Float>(), c01 = SIMD16<Float>()
        var c10 = SIMD16<Float>(), c11 = SIMD16<Float>()
        var c20 = SIMD16<Float>(), c21 = SIMD16<Float>()
        var c30 = SIMD16<Float>(), c31 = SIMD16<Float>()
        var c40 = SIMD16<Float>(), c41 = SIMD16<Float>()
        var c50 = SIMD16<Float>(), c51 = SIMD16<Float>()
        var c60 = SIMD16<Float>(), c61 = SIMD16<Float>()
        var c70 = SIMD16<Float>(), c71 = SIMD16<Float>()
        var c80 = SIMD16<Float>(), c81 = SIMD16<Float>()
        var c90 = SIMD16<Float>(), c91 = SIMD16<Float>()
        var c100 = SIMD16<Float>(), c101 = SIMD16<Float>()
        var c110 = SIMD16<Float>(), c111 = SIMD16<Float>()
        var b = UnsafeRawPointer(panel)
        for p in 0..<count {
            let b0 = b.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = b.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            b += 128
            var x: SIMD16<Float>
            x = SIMD16<Float>(repeating: a0[p])
            c00 = c00.addingProduct(x, b0)
            c01 = c01.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a1[p])
            c10 = c10.addingProduct(x, b0)
            c11 = c11.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a2[p])
            c20 = c20.addingProduct(x, b0)
            c21 = c21.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a3[p])
            c30 = c30.addingProduct(x, b0)
            c31 = c31.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a4[p])
            c40 = c40.addingProduct(x, b0)
            c41 = c41.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a5[p])
            c50 = c50.addingProduct(x, b0)
            c51 = c51.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a6[p])
            c60 = c60.addingProduct(x, b0)
            c61 = c61.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a7[p])
            c70 = c70.addingProduct(x, b0)
            c71 = c71.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a8[p])
            c80 = c80.addingProduct(x, b0)
            c81 = c81.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a9[p])
            c90 = c90.addingProduct(x, b0)
            c91 = c91.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a10[p])
            c100 = c100.addingProduct(x, b0)
            c101 = c101.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a11[p])
            c110 = c110.addingProduct(x, b0)
            c111 = c111.addingProduct(x, b1)
        }
        let out = UnsafeMutableRawPointer(tile)
        out.storeBytes(of: c00, toByteOffset: 0, as: SIMD16<Float>.self)
        out.storeBytes(of: c01, toByteOffset: 64, as: SIMD16<Float>.self)
        out.storeBytes(of: c10, toByteOffset: 128, as: SIMD16<Float>.self)
        out.storeBytes(of: c11, toByteOffset: 192, as: SIMD16<Float>.self)
        out.storeBytes(of: c20, toByteOffset: 256, as: SIMD16<Float>.self)
        out.storeBytes(of: c21, toByteOffset: 320, as: SIMD16<Float>.self)
        out.storeBytes(of: c30, toByteOffset: 384, as: SIMD16<Float>.self)
        out.storeBytes(of: c31, toByteOffset: 448, as: SIMD16<Float>.self)
        out.storeBytes(of: c40, toByteOffset: 512, as: SIMD16<Float>.self)
        out.storeBytes(of: c41, toByteOffset: 576, as: SIMD16<Float>.self)
        out.storeBytes(of: c50, toByteOffset: 640, as: SIMD16<Float>.self)
        out.storeBytes(of: c51, toByteOffset: 704, as: SIMD16<Float>.self)
        out.storeBytes(of: c60, toByteOffset: 768, as: SIMD16<Float>.self)
        out.storeBytes(of: c61, toByteOffset: 832, as: SIMD16<Float>.self)
        out.storeBytes(of: c70, toByteOffset: 896, as: SIMD16<Float>.self)
        out.storeBytes(of: c71, toByteOffset: 960, as: SIMD16<Float>.self)
        out.storeBytes(of: c80, toByteOffset: 1024, as: SIMD16<Float>.self)
        out.storeBytes(of: c81, toByteOffset: 1088, as: SIMD16<Float>.self)
        out.storeBytes(of: c90, toByteOffset: 1152, as: SIMD16<Float>.self)
        out.storeBytes(of: c91, toByteOffset: 1216, as: SIMD16<Float>.self)
        out.storeBytes(of: c100, toByteOffset: 1280, as: SIMD16<Float>.self)
        out.storeBytes(of: c101, toByteOffset: 1344, as: SIMD16<Float>.self)
        out.storeBytes(of: c110, toByteOffset: 1408, as: SIMD16<Float>.self)
        out.storeBytes(of: c111, toByteOffset: 1472, as: SIMD16<Float>.self)
    }
}
#endif

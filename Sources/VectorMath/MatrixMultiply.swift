import Dispatch
import Foundation

/// Computes `C = A · Bᵀ (+ bias)`, single precision, with a register-tiled SIMD kernel.
///
/// - `A` is `m × k` row-major (`a[i * k + p]`): one input vector per row.
/// - `B` is `n × k` row-major, given packed (see ``PackedMatrix``): a Linear layer's PyTorch
///   `[out, in]` weight, or k-means centroids.
/// - `C` is `m × n` row-major: `c[i * n + j] = Σₚ a[i * k + p] · b[j * k + p] + bias[j]`.
///
/// So one call is both a Linear layer over a batch of rows and the dot products of every
/// point with every centroid.
///
/// The product is cut into register tiles (``MatrixKernel``: 6 rows × 16 columns of
/// `SIMD8<Float>` accumulators for AVX2; 12 × 32 of `SIMD16<Float>` in builds defining
/// `KWCLUSTER_AVX512`); the depth is walked in blocks of 384 and the columns in blocks of 16
/// panels so a tile's rows of `A` stay in L1 and the current block of `B` in L2. When
/// `parallel` is true and the product is large (at least 2²¹ multiply-adds), rows (or, for
/// few rows, column panels) are split over the machine's cores with
/// `DispatchQueue.concurrentPerform`. Every element is summed in the same order whatever the
/// split, so results do not depend on the number of threads.
///
/// - Parameters:
///   - a: `A`, at least `m × b.depth` floats.
///   - m: the number of rows of `A` and of `C`.
///   - b: `B`, packed.
///   - bias: `nil`, or `b.rows` floats added to every row of `C`.
///   - c: receives `C`, at least `m × b.rows` floats; overwritten (never read first).
///   - parallel: whether a large product may use several threads. Pass `false` when the
///     caller already runs one product per core.
/// - Complexity: O(m × n × k) time; no allocation besides one register tile per thread.
public func multiplyTransposed(
    _ a: UnsafeBufferPointer<Float>, rows m: Int,
    _ b: PackedMatrix,
    bias: UnsafeBufferPointer<Float>? = nil,
    into c: UnsafeMutableBufferPointer<Float>,
    parallel: Bool = true
) {
    let n = b.rows, k = b.depth
    precondition(m >= 0, "negative row count")
    precondition(a.count >= m * k, "A holds fewer than m × k floats")
    precondition(c.count >= m * n, "C holds fewer than m × n floats")
    precondition(bias.map { $0.count >= n } ?? true, "bias holds fewer than n floats")
    guard m > 0, n > 0, let cBase = c.baseAddress else { return }
    let biasBase = bias?.baseAddress
    guard k > 0, let aBase = a.baseAddress else {
        // An empty sum: C is the bias, or zero.
        for i in 0..<m {
            for j in 0..<n { cBase[i * n + j] = biasBase?[j] ?? 0 }
        }
        return
    }
    b.storage.withUnsafeBufferPointer { packed in
        guard let bBase = packed.baseAddress else { return }
        let job = GemmJob(a: aBase, b: bBase, bias: biasBase, c: cBase, m: m, n: n, k: k)
        let threads = parallel && m * n * k >= 1 << 21 ? ProcessInfo.processInfo.activeProcessorCount : 1
        job.run(threads: threads, panelCount: b.panelCount)
    }
}

/// Computes `C = A · Bᵀ (+ bias)` for a `B` given as a plain `n × k` row-major buffer, packing
/// it first. Prefer packing once with ``PackedMatrix`` when `B` is reused.
///
/// - Complexity: O(m × n × k) time; O(n × k) extra memory for the packed copy of `B`.
public func multiplyTransposed(
    _ a: UnsafeBufferPointer<Float>, rows m: Int,
    _ b: UnsafeBufferPointer<Float>, rows n: Int,
    depth k: Int,
    bias: UnsafeBufferPointer<Float>? = nil,
    into c: UnsafeMutableBufferPointer<Float>,
    parallel: Bool = true
) {
    let packed = PackedMatrix(b, rows: n, depth: k)
    multiplyTransposed(a, rows: m, packed, bias: bias, into: c, parallel: parallel)
}

/// Returns `A · Bᵀ (+ bias)` for row-major arrays: `A` is `m × k`, `B` is `n × k`, the result
/// `m × n`.
///
/// - Complexity: O(m × n × k).
public func multiplyTransposed(
    _ a: [Float], rows m: Int, _ b: [Float], rows n: Int, depth k: Int, bias: [Float]? = nil
) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { aBuffer in
        b.withUnsafeBufferPointer { bBuffer in
            c.withUnsafeMutableBufferPointer { cBuffer in
                if let bias {
                    bias.withUnsafeBufferPointer { biasBuffer in
                        multiplyTransposed(aBuffer, rows: m, bBuffer, rows: n, depth: k, bias: biasBuffer, into: cBuffer)
                    }
                } else {
                    multiplyTransposed(aBuffer, rows: m, bBuffer, rows: n, depth: k, into: cBuffer)
                }
            }
        }
    }
    return c
}

/// One product's raw pointers, shared read-only by the worker threads; each thread writes a
/// disjoint block of `C`.
private struct GemmJob: @unchecked Sendable {
    let a: UnsafePointer<Float>
    let b: UnsafePointer<Float>
    let bias: UnsafePointer<Float>?
    let c: UnsafeMutablePointer<Float>
    let m: Int, n: Int, k: Int

    static let depthBlock = 384
    static let panelsPerBlock = 16

    /// Splits the product over `threads` workers: by row bands when there are enough rows,
    /// otherwise by column panels.
    ///
    /// - Complexity: O(m × n × k) over all threads.
    func run(threads: Int, panelCount: Int) {
        let tileRows = MatrixKernel.tileRows
        let rowTiles = (m + tileRows - 1) / tileRows
        guard threads > 1 else {
            compute(rows: 0..<m, panels: 0..<panelCount)
            return
        }
        // A few chunks per thread so a busy core does not hold everyone back.
        if rowTiles >= 4 * threads {
            let chunks = min(rowTiles, 4 * threads)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let first = rowTiles * chunk / chunks * tileRows
                let last = min(m, rowTiles * (chunk + 1) / chunks * tileRows)
                compute(rows: first..<last, panels: 0..<panelCount)
            }
        } else {
            let chunks = min(panelCount, 4 * threads)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let first = panelCount * chunk / chunks
                let last = panelCount * (chunk + 1) / chunks
                compute(rows: 0..<m, panels: first..<last)
            }
        }
    }

    /// Computes the block `C[rows, panels]` on the calling thread.
    ///
    /// - Complexity: O(rows × panels × panelWidth × k).
    func compute(rows: Range<Int>, panels: Range<Int>) {
        guard !rows.isEmpty, !panels.isEmpty else { return }
        let width = PackedMatrix.panelWidth
        let tileRows = MatrixKernel.tileRows
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: tileRows * MatrixKernel.tileColumns / 8) { tileBuffer in
            guard let tile = tileBuffer.baseAddress else { return }
            var p0 = 0
            while p0 < k {
                let count = min(Self.depthBlock, k - p0)
                var blockStart = panels.lowerBound
                while blockStart < panels.upperBound {
                    let blockEnd = min(blockStart + Self.panelsPerBlock, panels.upperBound)
                    var i = rows.lowerBound
                    while i < rows.upperBound {
                        let validRows = min(tileRows, rows.upperBound - i)
                        for panel in blockStart..<blockEnd {
                            MatrixKernel.tile(
                                a + i * k + p0, stride: k, validRows: validRows,
                                panel: b + panel * k * width + p0 * width, count: count, tile: tile)
                            store(tile, row: i, rowCount: validRows, panel: panel, overwrite: p0 == 0)
                        }
                        i += tileRows
                    }
                    blockStart = blockEnd
                }
                p0 += count
            }
        }
    }

    /// Writes one tile's sums (`rowCount` rows of one panel) to `C`: on the first depth block as `sum + bias`, afterwards
    /// added to what is there.
    ///
    /// - Complexity: O(rowCount × 16).
    @inline(__always)
    func store(_ tile: UnsafeMutablePointer<SIMD8<Float>>, row: Int, rowCount: Int, panel: Int, overwrite: Bool) {
        let width = PackedMatrix.panelWidth
        let column = panel * width
        let columnCount = min(width, n - column)
        if columnCount == width {
            for r in 0..<rowCount {
                let target = c + (row + r) * n + column
                let sums = tile + r * width / 8
                for chunk in 0..<width / 8 {
                    var value = sums[chunk]
                    if !overwrite {
                        value += UnsafeRawPointer(target + 8 * chunk).loadUnaligned(as: SIMD8<Float>.self)
                    } else if let bias {
                        value += UnsafeRawPointer(bias + column + 8 * chunk).loadUnaligned(as: SIMD8<Float>.self)
                    }
                    UnsafeMutableRawPointer(target + 8 * chunk).storeBytes(of: value, as: SIMD8<Float>.self)
                }
            }
        } else {
            let sums = UnsafeRawPointer(tile).assumingMemoryBound(to: Float.self)
            for r in 0..<rowCount {
                let target = c + (row + r) * n + column
                for j in 0..<columnCount {
                    let sum = sums[r * width + j]
                    target[j] = overwrite ? sum + (bias?[column + j] ?? 0) : target[j] + sum
                }
            }
        }
    }
}

/// The right-hand operand of ``multiplyTransposed(_:rows:_:depth:bias:into:parallel:)``,
/// rearranged once so the SGEMM micro-kernel reads it as one sequential stream.
///
/// A `PackedMatrix` stands for an `n × k` row-major matrix `B` (for a Linear layer, PyTorch's
/// `[out, in]` weight; for k-means, the centroids). Its rows are cut into panels of
/// ``panelWidth`` rows; inside a panel, for each depth index `p`, the `panelWidth` values
/// `B[j][p]` of the panel's rows `j` sit next to each other. The last panel is zero-padded, so
/// the kernel never branches on `n`.
///
/// Pack a matrix that is used many times (model weights) once and keep it; for a one-off
/// product the convenience overload taking a plain buffer packs on the fly.
public struct PackedMatrix: Sendable {
    /// Rows of `B` interleaved per panel: `panelCount × depth × panelWidth` floats.
    @usableFromInline let storage: [Float]

    /// The number of rows `n` of the original matrix (output columns of the product).
    public let rows: Int

    /// The row length `k` of the original matrix (the shared dimension of the product).
    public let depth: Int

    /// Rows of `B` per panel: the register tile's column count (16 with AVX2, 32 in builds
    /// defining `KWCLUSTER_AVX512`).
    public static let panelWidth = MatrixKernel.tileColumns

    /// The number of panels, `ceil(rows / panelWidth)`.
    public var panelCount: Int { (rows + Self.panelWidth - 1) / Self.panelWidth }

    /// Packs the `rows × depth` row-major matrix held by `matrix`.
    ///
    /// - Precondition: `matrix.count >= rows * depth`.
    /// - Complexity: O(rows × depth) time and memory.
    public init(_ matrix: UnsafeBufferPointer<Float>, rows: Int, depth: Int) {
        precondition(rows >= 0 && depth >= 0, "negative matrix size")
        precondition(matrix.count >= rows * depth, "matrix buffer is smaller than rows × depth")
        let width = Self.panelWidth
        let panels = (rows + width - 1) / width
        self.rows = rows
        self.depth = depth
        self.storage = [Float](unsafeUninitializedCapacity: panels * depth * width) { buffer, count in
            guard let source = matrix.baseAddress, let target = buffer.baseAddress else {
                count = 0
                return
            }
            target.initialize(repeating: 0, count: panels * depth * width)
            for panel in 0..<panels {
                let panelBase = target + panel * depth * width
                let firstRow = panel * width
                for lane in 0..<min(width, rows - firstRow) {
                    let row = source + (firstRow + lane) * depth
                    for p in 0..<depth {
                        panelBase[p * width + lane] = row[p]
                    }
                }
            }
            count = panels * depth * width
        }
    }

    /// Packs a row-major matrix stored in an array.
    ///
    /// - Complexity: O(rows × depth).
    public init(_ matrix: [Float], rows: Int, depth: Int) {
        self = matrix.withUnsafeBufferPointer { PackedMatrix($0, rows: rows, depth: depth) }
    }
}

import CEncoderKernels
import Dispatch
import Foundation
import VectorMath

/// One Linear layer, `output = input · Wᵀ + bias` (optionally followed by GELU), with its
/// weight prepared once at load for the precision the encoder runs at.
///
/// Whatever the precision, a row's output depends only on that row: fp32 sums in a fixed order
/// (VectorMath's SGEMM), int8 quantises each row on its own and sums exactly in int32, bf16
/// rounds each value on its own and sums in a fixed order; splitting the product over threads
/// never changes a sum.
struct LinearLayer: Sendable {
    /// `W`'s row count (output features).
    let outputs: Int
    /// `W`'s row length (input features).
    let inputs: Int
    let bias: [Float]
    let weight: Weight

    enum Weight: Sendable {
        case fp32(PackedMatrix)
        /// Packed panels of int8 values, each output channel's scale and sum of quantised
        /// values (see kw_int8_pack).
        /// `multipliers`: per input channel, what the activations are multiplied by before
        /// quantising (the inverse of what the weight's columns were multiplied by), or nil.
        case int8(packed: [Int8], scales: [Float], sums: [Int32], multipliers: [Float]?)
        /// Packed panels of bfloat16 values.
        case bf16(packed: [UInt16])
    }

    /// Prepares the row-major `outputs × inputs` weight for `precision` (``Precision/fp32``,
    /// ``Precision/int8`` or ``Precision/bf16``; the caller has checked the CPU).
    ///
    /// For int8 with `inputMaxima` (each input channel's largest magnitude on calibration
    /// texts), channel c of the weight is multiplied by `s = √(inputMaxima[c] / max |W[·, c]|)`
    /// and the activations' channel c divided by it before quantising (SmoothQuant, α = ½): the
    /// product is unchanged, but the activations' outlier channels no longer set the scale
    /// every other channel of their row is rounded to.
    ///
    /// - Complexity: O(outputs × inputs).
    init(weight: [Float], bias: [Float], outputs: Int, inputs: Int, precision: Precision, inputMaxima: [Float]? = nil) {
        precondition(weight.count == outputs * inputs && bias.count == outputs, "Linear weight shape")
        self.outputs = outputs
        self.inputs = inputs
        self.bias = bias
        switch precision {
        case .int8:
            var weight = weight
            var multipliers: [Float]?
            if let inputMaxima {
                precondition(inputMaxima.count == inputs, "one maximum per input channel")
                var smoothing = [Float](repeating: 1, count: inputs)
                for channel in 0..<inputs {
                    var largest: Float = 0
                    for row in 0..<outputs { largest = max(largest, abs(weight[row * inputs + channel])) }
                    if inputMaxima[channel] > 0, largest > 0 { smoothing[channel] = (inputMaxima[channel] / largest).squareRoot() }
                }
                for row in 0..<outputs {
                    for channel in 0..<inputs { weight[row * inputs + channel] *= smoothing[channel] }
                }
                multipliers = smoothing.map { 1 / $0 }
            }
            var packed = [Int8](repeating: 0, count: kw_int8_packed_size(outputs, inputs))
            var scales = [Float](repeating: 0, count: outputs)
            var sums = [Int32](repeating: 0, count: outputs)
            kw_int8_pack(weight, outputs, inputs, &packed, &scales, &sums)
            self.weight = .int8(packed: packed, scales: scales, sums: sums, multipliers: multipliers)
        case .bf16:
            var packed = [UInt16](repeating: 0, count: kw_bf16_packed_size(outputs, inputs))
            kw_bf16_pack(weight, outputs, inputs, &packed)
            self.weight = .bf16(packed: packed)
        case .fp32, .auto:
            self.weight = .fp32(PackedMatrix(weight, rows: outputs, depth: inputs))
        }
    }

    /// The bytes of scratch space ``apply(_:rows:into:gelu:scratch:parallel:timer:operation:)`` needs for `rows` rows.
    func scratchBytes(rows: Int) -> Int {
        switch weight {
        case .fp32: 0
        case .int8: rows * kw_int8_row_stride(inputs) + rows * (MemoryLayout<Float>.stride + MemoryLayout<Int32>.stride)
        case .bf16: rows * kw_bf16_row_stride(inputs) * MemoryLayout<UInt16>.stride
        }
    }

    /// Writes `input · Wᵀ + bias` (then GELU when `gelu`) for `rows` rows of `inputs` floats
    /// into `output` (rows of `outputs` floats).
    ///
    /// - Parameters:
    ///   - scratch: at least ``scratchBytes(rows:)`` bytes, 4-byte aligned.
    ///   - parallel: whether a large product may be split over the machine's cores.
    ///   - timer, operation: where the product's time is added when profiling.
    /// - Complexity: O(rows × outputs × inputs).
    func apply(
        _ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, gelu: Bool,
        scratch: UnsafeMutableRawPointer?, parallel: Bool,
        timer: OperationTimer?, operation: OperationTimer.Operation
    ) {
        guard rows > 0 else { return }
        let threads = parallel && rows * outputs * inputs >= 1 << 21 ? ProcessInfo.processInfo.activeProcessorCount : 1
        switch weight {
        case .fp32(let packed):
            timer.measure(operation) {
                bias.withUnsafeBufferPointer { bias in
                    multiplyTransposed(UnsafeBufferPointer(start: input, count: rows * inputs), rows: rows, packed, bias: bias,
                                       into: UnsafeMutableBufferPointer(start: output, count: rows * outputs), parallel: parallel)
                }
            }
            if gelu { timer.measure(.gelu) { TransformerKernels.gelu(output, count: rows * outputs) } }
        case .int8(let packed, let scales, let sums, let multipliers):
            guard let scratch else { preconditionFailure("int8 products need scratch space") }
            let quantized = scratch.assumingMemoryBound(to: UInt8.self)
            let rowScales = (scratch + rows * kw_int8_row_stride(inputs)).assumingMemoryBound(to: Float.self)
            let zeroPoints = UnsafeMutableRawPointer(rowScales + rows).assumingMemoryBound(to: Int32.self)
            timer.measure(.quantize) { kw_int8_quantize_rows(input, rows, inputs, multipliers, quantized, rowScales, zeroPoints) }
            timer.measure(operation) {
                packed.withUnsafeBufferPointer { packed in
                    scales.withUnsafeBufferPointer { scales in
                        sums.withUnsafeBufferPointer { sums in
                            bias.withUnsafeBufferPointer { bias in
                                let job = UncheckedSendable((packed.baseAddress!, scales.baseAddress!, sums.baseAddress!,
                                                             bias.baseAddress!, output, rowScales, zeroPoints, quantized))
                                split(rows: rows, threads: threads) { rowRange, panelRange in
                                    let (packed, scales, sums, bias, output, rowScales, zeroPoints, quantized) = job.value
                                    kw_int8_gemm(quantized, rowScales, zeroPoints, inputs, packed, scales, sums, bias, outputs, output,
                                                 gelu, rowRange.lowerBound, rowRange.upperBound,
                                                 panelRange.lowerBound, panelRange.upperBound)
                                }
                            }
                        }
                    }
                }
            }
        case .bf16(let packed):
            guard let scratch else { preconditionFailure("bf16 products need scratch space") }
            let converted = scratch.assumingMemoryBound(to: UInt16.self)
            timer.measure(.quantize) { kw_bf16_convert_rows(input, rows, inputs, converted) }
            timer.measure(operation) {
                packed.withUnsafeBufferPointer { packed in
                    bias.withUnsafeBufferPointer { bias in
                        let job = UncheckedSendable((packed.baseAddress!, bias.baseAddress!, output, converted))
                        split(rows: rows, threads: threads) { rowRange, panelRange in
                            let (packed, bias, output, converted) = job.value
                            kw_bf16_gemm(converted, inputs, packed, bias, outputs, output, gelu,
                                         rowRange.lowerBound, rowRange.upperBound, panelRange.lowerBound, panelRange.upperBound)
                        }
                    }
                }
            }
        }
    }

    /// Runs `body` over blocks covering all rows and panels: once when `threads` is 1, else a
    /// few blocks per thread, by bands of whole register tiles of rows when there are enough
    /// rows, otherwise by panels.
    private func split(rows: Int, threads: Int, _ body: @Sendable (Range<Int>, Range<Int>) -> Void) {
        let panels = (outputs + Int(KW_PANEL_COLUMNS) - 1) / Int(KW_PANEL_COLUMNS)
        guard threads > 1 else { return body(0..<rows, 0..<panels) }
        let tileRows = Int(KW_TILE_ROWS)
        let rowTiles = (rows + tileRows - 1) / tileRows
        if rowTiles >= 4 * threads {
            let chunks = 4 * threads
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                body(min(rows, rowTiles * chunk / chunks * tileRows)..<min(rows, rowTiles * (chunk + 1) / chunks * tileRows), 0..<panels)
            }
        } else {
            let chunks = min(panels, 4 * threads)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                body(0..<rows, panels * chunk / chunks..<panels * (chunk + 1) / chunks)
            }
        }
    }
}

/// Raw pointers handed to worker threads that each write a disjoint block of the output.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

import Foundation

/// The element-wise and per-row operations of the BERT forward pass, on raw row-major
/// buffers, vectorised with `SIMD8<Float>`. Row widths must be multiples of 8.
enum TransformerKernels {
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }

    /// `x[r] = LayerNorm(x[r] + residual[r])` for every row (pass `residual: nil` for a plain
    /// LayerNorm): `(v - mean) / sqrt(variance + epsilon) * weight + bias`, with the biased
    /// variance, as PyTorch computes it.
    ///
    /// - Complexity: O(rows × width).
    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, adding residual: UnsafePointer<Float>?, rows: Int, width: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float
    ) {
        for row in 0..<rows {
            let values = x + row * width
            var sum = SIMD8<Float>()
            if let residual {
                let other = residual + row * width
                for c in stride(from: 0, to: width, by: 8) {
                    let v = load(values + c) + load(other + c)
                    store(v, values + c)
                    sum += v
                }
            } else {
                for c in stride(from: 0, to: width, by: 8) { sum += load(values + c) }
            }
            let mean = sum.sum() / Float(width)
            var squares = SIMD8<Float>()
            for c in stride(from: 0, to: width, by: 8) {
                let d = load(values + c) - mean
                squares = squares.addingProduct(d, d)
            }
            let inverse = 1 / (squares.sum() / Float(width) + epsilon).squareRoot()
            for c in stride(from: 0, to: width, by: 8) {
                let normalized = (load(values + c) - mean) * inverse
                store(load(bias + c).addingProduct(normalized, load(weight + c)), values + c)
            }
        }
    }

    /// Exact GELU, `x · Φ(x) = x/2 · (1 + erf(x/√2))`, in place over `count` floats.
    ///
    /// erf uses Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7) with a vector
    /// `exp`; for negative x the formula gives `1 + erf` directly, without cancellation.
    ///
    /// - Complexity: O(count).
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let p = SIMD8<Float>(repeating: 0.3275911)
        let a1 = SIMD8<Float>(repeating: 0.254829592)
        let a2 = SIMD8<Float>(repeating: -0.284496736)
        let a3 = SIMD8<Float>(repeating: 1.421413741)
        let a4 = SIMD8<Float>(repeating: -1.453152027)
        let a5 = SIMD8<Float>(repeating: 1.061405429)
        let one = SIMD8<Float>(repeating: 1)
        let two = SIMD8<Float>(repeating: 2)
        let inverseSqrt2 = SIMD8<Float>(repeating: 0.70710678118654752)
        var index = 0
        while index + 8 <= count {
            let v = load(x + index)
            let z = v.replacing(with: -v, where: v .< 0) * inverseSqrt2
            let t = one / one.addingProduct(p, z) // 1 / (1 + p z)
            var poly = a4.addingProduct(a5, t)
            poly = a3.addingProduct(poly, t)
            poly = a2.addingProduct(poly, t)
            poly = a1.addingProduct(poly, t)
            // q = 1 - erf(z) = t · poly · e^(-z²)
            let q = poly * t * vectorExp(-z * z)
            let onePlusErf = (two - q).replacing(with: q, where: v .< 0)
            store(v * onePlusErf * 0.5, x + index)
            index += 8
        }
        while index < count {
            let v = x[index]
            x[index] = 0.5 * v * (1 + Foundation.erf(v * 0.70710678118654752))
            index += 1
        }
    }

    /// `e^x` lane by lane: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 Taylor polynomial for e^r
    /// (relative error about 1e-7), and 2^n built from the exponent bits. Inputs are clamped to
    /// [-87, 88], where float results are normal.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func vectorExp(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let low = SIMD8<Float>(repeating: -87), high = SIMD8<Float>(repeating: 88)
        let x = input.replacing(with: low, where: input .< low).replacing(with: high, where: input .> high)
        // Adding 1.5 · 2²³ rounds x·log2(e) to the nearest integer n and leaves n in the low
        // mantissa bits, which avoids a (slow, generic) float-to-integer vector conversion.
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = magic.addingProduct(x, SIMD8(repeating: 1.44269504088896341))
        let n = shifted - magic
        // r = x - n ln2, with ln2 split in a high and a low part for accuracy.
        let r = x.addingProduct(n, SIMD8(repeating: -0.693145751953125))
            .addingProduct(n, SIMD8(repeating: -1.42860682030941723212e-6))
        var poly = SIMD8<Float>(repeating: 1.0 / 720)
        poly = SIMD8(repeating: 1.0 / 120).addingProduct(poly, r)
        poly = SIMD8(repeating: 1.0 / 24).addingProduct(poly, r)
        poly = SIMD8(repeating: 1.0 / 6).addingProduct(poly, r)
        poly = SIMD8(repeating: 0.5).addingProduct(poly, r)
        poly = SIMD8(repeating: 1).addingProduct(poly, r)
        poly = SIMD8(repeating: 1).addingProduct(poly, r)
        // 2^n: the integer n sits in the low bits of `shifted`; move n + 127 into the exponent.
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let exponent = (integer &+ 127) &<< 23
        return poly * unsafeBitCast(exponent, to: SIMD8<Float>.self)
    }
}

import Testing
@testable import Reports

@Suite struct TreemapTests {
    static let bounds = TreemapRect(x: 10, y: 20, width: 960, height: 540)

    /// Deterministic, uneven values: a few large, many small, like cluster volumes.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let uniform = Double(state >> 11) / Double(1 << 53)
            return (1 / max(uniform, 0.001)).rounded() // heavy-tailed
        }
    }

    @Test(arguments: [1, 2, 3, 7, 50, 500, 5000])
    func areasAreProportionalToValuesAndFillTheBounds(count: Int) {
        let values = Self.values(count, seed: UInt64(count))
        let rects = Treemap.squarify(values, in: Self.bounds)
        #expect(rects.count == values.count)
        let total = values.reduce(0, +)
        for (value, rect) in zip(values, rects) {
            let expected = value / total * Self.bounds.area
            #expect(abs(rect.area - expected) <= 1e-6 * Self.bounds.area, "value \(value): area \(rect.area), expected \(expected)")
        }
        #expect(abs(rects.map(\.area).reduce(0, +) - Self.bounds.area) <= 1e-6 * Self.bounds.area)
    }

    @Test(arguments: [2, 9, 120, 2000])
    func rectanglesStayInsideTheBoundsAndDoNotOverlap(count: Int) {
        let rects = Treemap.squarify(Self.values(count, seed: 7 &* UInt64(count)), in: Self.bounds)
        let tolerance = 1e-7
        for rect in rects {
            #expect(rect.width >= 0 && rect.height >= 0)
            #expect(rect.x >= Self.bounds.x - tolerance && rect.y >= Self.bounds.y - tolerance)
            #expect(rect.x + rect.width <= Self.bounds.x + Self.bounds.width + tolerance)
            #expect(rect.y + rect.height <= Self.bounds.y + Self.bounds.height + tolerance)
        }
        // Sweep along x: only rectangles whose x-ranges meet can overlap.
        let sorted = rects.sorted { $0.x < $1.x }
        var overlaps = 0
        for (position, a) in sorted.enumerated() {
            for b in sorted[(position + 1)...] {
                if b.x >= a.x + a.width - tolerance { break }
                let xOverlap = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
                let yOverlap = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
                if xOverlap > tolerance, yOverlap > tolerance { overlaps += 1 }
            }
        }
        #expect(overlaps == 0)
    }

    @Test func squarifiedRectanglesAreNearSquareForEqualValues() {
        // Sixteen equal values in a square: the squarified layout is a 4 x 4 grid.
        let rects = Treemap.squarify(Array(repeating: 1, count: 16), in: TreemapRect(x: 0, y: 0, width: 4, height: 4))
        for rect in rects {
            #expect(abs(rect.width - 1) < 1e-9 && abs(rect.height - 1) < 1e-9)
        }
        // The paper's example (6, 6, 4, 3, 2, 2, 1 in a 6 x 4 rectangle): no rectangle worse than 3:1,
        // where slicing into strips would give 1:24 for the value 1.
        let paper = Treemap.squarify([6, 6, 4, 3, 2, 2, 1], in: TreemapRect(x: 0, y: 0, width: 6, height: 4))
        for rect in paper {
            #expect(max(rect.width / rect.height, rect.height / rect.width) <= 3)
        }
        #expect(abs(paper[0].width - 3) < 1e-9 && abs(paper[0].height - 2) < 1e-9)
    }

    @Test func zeroNegativeAndNonFiniteValuesGetEmptyRectangles() {
        let rects = Treemap.squarify([5, 0, -3, .nan, .infinity, 5], in: TreemapRect(x: 0, y: 0, width: 10, height: 5))
        #expect(rects[1...4].allSatisfy { $0.area == 0 })
        #expect(abs(rects[0].area - 25) < 1e-9 && abs(rects[5].area - 25) < 1e-9)
        #expect(Treemap.squarify([0, 0], in: TreemapRect(x: 0, y: 0, width: 10, height: 5)).allSatisfy { $0.area == 0 })
        #expect(Treemap.squarify([1, 2], in: TreemapRect(x: 0, y: 0, width: 0, height: 5)).allSatisfy { $0.area == 0 })
        #expect(Treemap.squarify([], in: Self.bounds).isEmpty)
    }
}

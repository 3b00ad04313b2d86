/// An axis-aligned rectangle of a treemap, in the drawing's units (SVG user units).
public struct TreemapRect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var area: Double { width * height }
}

/// The squarified treemap layout of Bruls, Huizing and van Wijk ("Squarified Treemaps", 2000):
/// values become rectangles whose areas are proportional to them, tiling the bounds, laid out in
/// rows along the shorter side of the space left, a row growing while that does not worsen its
/// worst aspect ratio. Pure: values in, rectangles out.
public enum Treemap {
    /// One rectangle per value, in the order of `values`. The areas are proportional to the values
    /// and together fill `bounds`; rectangles do not overlap. A value that is zero, negative or not
    /// finite gets an empty rectangle (width and height 0) at the bounds' bottom-right corner.
    /// - Complexity: O(n log n) for n values (the sort; each value joins a row once and is tested
    ///   against it in O(1)).
    public static func squarify(_ values: [Double], in bounds: TreemapRect) -> [TreemapRect] {
        let corner = TreemapRect(x: bounds.x + max(bounds.width, 0), y: bounds.y + max(bounds.height, 0), width: 0, height: 0)
        var result = Array(repeating: corner, count: values.count)
        let positive = values.indices.filter { values[$0].isFinite && values[$0] > 0 }
        let total = positive.reduce(0.0) { $0 + values[$1] }
        guard bounds.width > 0, bounds.height > 0, total > 0 else { return result }

        // Largest first (ties by position, so the layout is deterministic), scaled to areas.
        let order = positive.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        let scale = bounds.area / total
        var remaining = bounds
        var row: [Int] = []
        var rowArea = 0.0
        var rowMinimum = Double.infinity
        var rowMaximum = 0.0
        var next = 0
        while next < order.count {
            let index = order[next]
            let area = values[index] * scale
            let side = min(remaining.width, remaining.height)
            let grown = worstAspectRatio(sum: rowArea + area, minimum: min(rowMinimum, area), maximum: max(rowMaximum, area), side: side)
            if row.isEmpty || grown <= worstAspectRatio(sum: rowArea, minimum: rowMinimum, maximum: rowMaximum, side: side) {
                row.append(index)
                rowArea += area
                rowMinimum = min(rowMinimum, area)
                rowMaximum = max(rowMaximum, area)
                next += 1
            } else {
                place(row, areaScale: scale, values: values, rowArea: rowArea, isLast: false, in: &remaining, into: &result)
                row.removeAll(keepingCapacity: true)
                rowArea = 0
                rowMinimum = .infinity
                rowMaximum = 0
            }
        }
        place(row, areaScale: scale, values: values, rowArea: rowArea, isLast: true, in: &remaining, into: &result)
        return result
    }

    /// The worst (largest) aspect ratio of a row of areas `sum` (smallest `minimum`, largest
    /// `maximum`) laid along a side of length `side`: max(side²·max/sum², sum²/(side²·min)).
    static func worstAspectRatio(sum: Double, minimum: Double, maximum: Double, side: Double) -> Double {
        guard sum > 0, minimum > 0, side > 0 else { return .infinity }
        let sideSquared = side * side
        let sumSquared = sum * sum
        return max(sideSquared * maximum / sumSquared, sumSquared / (sideSquared * minimum))
    }

    /// Lays a row along the shorter side of `remaining` (a column at its left when it is wider
    /// than tall, else a strip at its top) and removes the row's space from it. The last row
    /// takes all that is left, and each row's last rectangle ends exactly at the row's end, so
    /// rounding leaves no gap.
    private static func place(_ row: [Int], areaScale: Double, values: [Double], rowArea: Double, isLast: Bool,
                              in remaining: inout TreemapRect, into result: inout [TreemapRect]) {
        guard !row.isEmpty else { return }
        if remaining.width >= remaining.height {
            let width = isLast ? remaining.width : min(rowArea / remaining.height, remaining.width)
            var y = remaining.y
            for (position, index) in row.enumerated() {
                let end = position == row.count - 1 ? remaining.y + remaining.height
                    : min(y + values[index] * areaScale / width, remaining.y + remaining.height)
                result[index] = TreemapRect(x: remaining.x, y: y, width: width, height: end - y)
                y = end
            }
            remaining = TreemapRect(x: remaining.x + width, y: remaining.y, width: remaining.width - width, height: remaining.height)
        } else {
            let height = isLast ? remaining.height : min(rowArea / remaining.width, remaining.height)
            var x = remaining.x
            for (position, index) in row.enumerated() {
                let end = position == row.count - 1 ? remaining.x + remaining.width
                    : min(x + values[index] * areaScale / height, remaining.x + remaining.width)
                result[index] = TreemapRect(x: x, y: remaining.y, width: end - x, height: height)
                x = end
            }
            remaining = TreemapRect(x: remaining.x, y: remaining.y + height, width: remaining.width, height: remaining.height - height)
        }
    }
}

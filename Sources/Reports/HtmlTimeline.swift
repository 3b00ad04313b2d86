import Persistence

/// A run's batches as a small timeline: one bar per batch, its height the batch's processing
/// time, its colour the batch's status, a tooltip with its numbers.
public enum HtmlTimeline {
    static let width = 1200.0
    static let height = 56.0

    static func colour(_ status: BatchRun.Status) -> String {
        switch status {
        case .completed: "#3d8a3a"
        case .processing: "#e0a020"
        case .failed: "#c2404a"
        case .pending: "#d4d4d4"
        }
    }

    /// The SVG and a one-line caption; empty when the run has no batches.
    /// - Complexity: O(batches)
    public static func html(_ batches: [BatchRun]) -> String {
        guard !batches.isEmpty else { return "" }
        let slowest = max(batches.compactMap(\.processingTimeMs).max() ?? 1, 1)
        let step = width / Double(batches.count)
        let gap = step >= 4 ? 1.0 : 0.0
        var svg = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Timeline of \(batches.count) batches\">\n"
        for (index, batch) in batches.enumerated() {
            let share = batch.processingTimeMs.map { Double($0) / Double(slowest) } ?? 0
            let barHeight = batch.status == .completed ? max(share * (height - 4), 3) : height - 4
            let time = batch.processingTimeMs.map { ", \(HtmlText.grouped($0)) ms" } ?? ""
            let clusters = batch.status == .completed ? ", \(HtmlText.grouped(batch.clustersGenerated)) new clusters" : ""
            svg += "<rect x=\"\(HtmlText.coordinate(Double(index) * step))\" y=\"\(HtmlText.coordinate(height - barHeight))\" "
                + "width=\"\(HtmlText.coordinate(max(step - gap, 0.5)))\" height=\"\(HtmlText.coordinate(barHeight))\" "
                + "fill=\"\(colour(batch.status))\" data-batch=\"\(batch.batchNumber)\" data-status=\"\(batch.status.rawValue)\">"
                + "<title>batch \(batch.batchNumber): \(batch.status.rawValue), \(HtmlText.grouped(batch.batchSize)) keywords\(clusters)\(time)"
                + (batch.errorMessage.map { " — " + HtmlText.escape($0) } ?? "") + "</title></rect>\n"
        }
        svg += "</svg>"
        return svg + "<p class=\"caption\">" + caption(batches) + "</p>"
    }

    /// "180 of 200 batches done · 1 processing · 0 failed · slowest 1,204 ms".
    public static func caption(_ batches: [BatchRun]) -> String {
        let completed = batches.filter { $0.status == .completed }.count
        var parts = ["\(HtmlText.grouped(completed)) of \(HtmlText.grouped(batches.count)) batches done"]
        let processing = batches.filter { $0.status == .processing }.count
        if processing > 0 { parts.append("\(processing) processing") }
        let failed = batches.filter { $0.status == .failed }.count
        if failed > 0 { parts.append("\(failed) failed") }
        if let slowest = batches.compactMap(\.processingTimeMs).max() {
            parts.append("slowest \(HtmlText.grouped(slowest)) ms")
        }
        return parts.joined(separator: " · ") + " (bar height: processing time)"
    }
}

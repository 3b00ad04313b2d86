import Foundation
import Persistence
import SentenceEncoder
import Testing
import TestSupport
@testable import Pipeline

/// A project keeps the model it was created with: `rescrape --model=OTHER` is refused naming the
/// project's model, and a run (create, resume or rescrape) embeds with the project's model and
/// never reads vectors another model stored for the same keywords.
@Suite struct ProjectModelTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let miniLM = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2")

    /// Semantic parameters naming `modelDirectory` (the folder need not exist to record a project).
    static func semantic(_ modelDirectory: URL, precision: Precision = .fp32) -> RunParameters {
        var parameters = TestProject.parameters(clusters: 8)
        parameters.vectors = .semantic
        parameters.modelDirectory = modelDirectory.path
        parameters.encoderPrecision = precision
        parameters.vectorEncoding = precision == .fp32 ? nil : .int8
        return parameters
    }

    /// The parameters the project's last run recorded (what resume runs with, and a rescrape copies).
    static func lastRunParameters(_ project: Project, store: Store) throws -> RunParameters {
        guard let run = try store.runs(projectID: project.id).last else { throw PipelineError.failed("no run") }
        return try RunParameters.decode(run.parameters)
    }

    static func refusal(_ requested: String, project: Project, store: Store) -> String? {
        do {
            try Rescrape.checkModel(requested, project: project, store: store)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: StoreKind.allCases)
    func rescrapeWithAnotherModelIsRefusedNamingTheProjectsModel(_ kind: StoreKind) throws {
        try TestStores.withStore(kind) { store in
            // Given a project created with all-MiniLM-L6-v2 (its run records the model's folder)
            let files = try TestProject(keywords: 60, topics: 4, store: store)
            defer { files.remove() }
            let project = try files.create(Self.semantic(Self.miniLM)).project

            // When a rescrape asks for all-mpnet-base-v2, by name or by folder
            let byName = Self.refusal("all-mpnet-base-v2", project: project, store: store)
            let byFolder = Self.refusal("/opt/models/all-mpnet-base-v2", project: project, store: store)

            // Then both are refused, naming the project's model and what to do instead
            for message in [byName, byFolder] {
                #expect(message?.contains("project \(project.slug) uses the model all-MiniLM-L6-v2") == true, "\(message ?? "accepted")")
                #expect(message?.contains("rescrape without --model") == true)
                #expect(message?.contains("create a new project with --model=all-mpnet-base-v2") == true)
            }
            // and the project's own model, by name or from another folder, is accepted
            #expect(Self.refusal("all-MiniLM-L6-v2", project: project, store: store) == nil)
            #expect(Self.refusal("/elsewhere/all-MiniLM-L6-v2", project: project, store: store) == nil)
            // and the run that resume and rescrape start from records the project's model and precision
            let parameters = try Self.lastRunParameters(project, store: store)
            #expect(parameters.modelDirectory == Self.miniLM.path)
            #expect(parameters.encoderPrecision == .fp32)
        }
    }

    @Test func aLexicalProjectRefusesAnyModel() throws {
        // Given a project made with lexical vectors
        let files = try TestProject(keywords: 60, topics: 4)
        defer { files.remove() }
        let project = try files.create().project

        // When a rescrape asks for a model
        let message = Self.refusal("all-mpnet-base-v2", project: project, store: files.store)

        // Then it is refused, saying the project uses lexical vectors
        #expect(message?.contains("project \(project.slug) uses lexical vectors") == true, "\(message ?? "accepted")")
    }

    @Test func aRunReadsOnlyItsOwnModelsVectors() throws {
        guard ModelLocator.holdsModel(Self.miniLM) else {
            Issue.record("no model in \(Self.miniLM.path): run scripts/fetch-model.sh")
            return
        }
        // Given a project created with all-MiniLM-L6-v2, and 768-dimensional vectors another
        // model (all-mpnet-base-v2 at bf16) stored for its keywords in the same store
        let files = try TestProject(keywords: 60, topics: 4)
        defer { files.remove() }
        let created = try files.create(Self.semantic(Self.miniLM))
        let store = files.store
        let ids = try store.plannedKeywords(projectID: created.project.id, runID: created.runID).map(\.id)
        let keywords = Array(try store.keywords(ids: ids).prefix(12))
        let otherKey = "all-mpnet-base-v2@bf16"
        var other: [Int64: [Float]] = [:]
        for keyword in keywords { other[keyword.id] = [Float](repeating: 1 / Float(768).squareRoot(), count: 768) }
        try store.saveVectors(other, model: otherKey)

        // When the run's vector source (as create and resume make it from the run's recorded
        // parameters; a rescrape copies them) gives their vectors
        let parameters = try Self.lastRunParameters(created.project, store: store)
        let source = try ProjectRunner.vectorSource(project: created.project, parameters: parameters, store: store)
        guard let semantic = source as? SemanticVectorSource,
              case .dense(let values, let dimension) = try source.vectors(for: keywords) else {
            Issue.record("not a semantic source with dense vectors")
            return
        }

        // Then they are all-MiniLM-L6-v2's own, filed under its key; the other model's are untouched
        #expect(semantic.modelName == "all-MiniLM-L6-v2")
        #expect(dimension == 384)
        #expect(values == semantic.encoder.encode(keywords.map(\.text)).flatMap { $0 })
        let own = try store.storedVectors(keywordIDs: keywords.map(\.id), model: "all-MiniLM-L6-v2")
        #expect(own.count == keywords.count && own.values.allSatisfy { $0.dimension == 384 })
        let untouched = try store.storedVectors(keywordIDs: keywords.map(\.id), model: otherKey)
        #expect(untouched.count == keywords.count && untouched.values.allSatisfy { $0.floats == other[keywords[0].id] })
    }
}

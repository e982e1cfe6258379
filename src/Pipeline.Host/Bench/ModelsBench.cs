using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Chunking;
using Pipeline.Core.Evaluation;
using Pipeline.Core.Runs;
using Pipeline.Embeddings;
using Pipeline.Host.Cli;
using Pipeline.Host.Database;
using Pipeline.Host.Evaluation;
using Pipeline.Host.Ingestion;
using Pipeline.Storage.Retrieval;
using Pipeline.Storage;
using Pipeline.Storage.Index;
using Pipeline.Storage.Migrations;

namespace Pipeline.Host.Bench;

/// <summary>
/// Every registered model on one folder, in one process (issue 11, item 7): for each, an end-to-end ingest into a
/// fresh bench database with the model set as the service sets it (<see cref="PipelineSettings.EmbeddingModel"/>), the
/// eval figures of a question set on that index (the same <see cref="Retriever"/> and <see cref="RetrievalScorer"/> as
/// <c>eval</c>), and for int8 models the cosine of every stored vector to their fp32 base's; then raw ONNX tokens/s of
/// all models in alternating rounds, so none gets a quieter machine than another.
/// </summary>
public static class ModelsBench
{
    private const int Rounds = 3;
    private const int K = 10;

    private sealed record ChunkKey(string Document, int Ordinal, string ContentHash);

    private sealed record Ingested(RegisteredModel Model, RunSummary Summary, RetrievalFigures? Eval, Dictionary<ChunkKey, float[]> Vectors);

    public static async Task<ModelsReport> RunAsync(string folder, string? questionsPath, PipelineSettings settings, int rawBatches, CancellationToken cancellationToken)
    {
        var questions = questionsPath is null ? null : QuestionSet.Read(questionsPath);
        using var logging = CliRuntime.CreateLoggerFactory();
        var main = await DatabaseBootstrap.ResolveAsync(settings, logging, cancellationToken);

        // Registry order puts every fp32 base before its int8 variant, so the base's vectors are there to compare with.
        var runs = new List<Ingested>();
        foreach (var model in ModelRegistry.All)
        {
            await Console.Error.WriteLineAsync($"bench --models: ingesting {folder} with {model.Id}");
            runs.Add(await IngestAsync(model, main, folder, questions, settings, cancellationToken));
        }

        var first = runs[0].Summary;
        var sequence = first.EmbeddingsComputed == 0 ? 128 : (int)Math.Clamp(first.TokensEmbedded / first.EmbeddingsComputed, 8, 512);
        var raw = RawTokensPerSecond(settings, sequence, rawBatches);

        var figures = runs.Select(run => Figures(run, runs, raw)).ToList();
        return new ModelsReport(folder, questionsPath, Environment.ProcessorCount, settings.OnnxThreads, settings.EmbeddingBatchSize, sequence, figures);
    }

    private static async Task<Ingested> IngestAsync(RegisteredModel model, string main, string folder, IReadOnlyList<EvalQuestion>? questions,
        PipelineSettings settings, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(main, cancellationToken);
        using (var logging = CliRuntime.CreateLoggerFactory())
        await using (var migrations = PipelineDataSource.Create(database.ConnectionString))
        {
            await new MigrationRunner(migrations, logging.CreateLogger<MigrationRunner>()).ApplyAsync(cancellationToken);
        }
        var services = new ServiceCollection();
        services.AddLogging(CliRuntime.ConfigureLogging);
        services.AddPipeline(settings with { EmbeddingModel = model.Id }, database.ConnectionString);
        await using var provider = services.BuildServiceProvider();

        // Loading (and for int8, building or reading the cache) and the first call's arenas stay out of the timing.
        await provider.GetRequiredService<OnnxEmbedder>().EmbedAsync(["warm-up"], cancellationToken);
        var source = SourceRegistry.AdHocPdfFolder(folder, password: null);
        var summary = await provider.GetRequiredService<IngestionRunner>()
            .RunAsync(new IngestionRequest("bench", source, new ChunkingOptions(), "bench", settings.DocumentParallelism), null, cancellationToken);

        var vectors = new Dictionary<ChunkKey, float[]>();
        await foreach (var chunk in provider.GetRequiredService<ChunkExport>().ReadAsync(withVectors: true, cancellationToken))
        {
            if (chunk.ModelSha256 == model.Sha256)
            {
                vectors[new ChunkKey(chunk.Document, chunk.Ordinal, chunk.ContentHash)] = chunk.Vector!;
            }
        }
        // Scored as `eval` scores: the same retriever, the same answerable rule.
        var eval = questions is null ? null
            : (await provider.GetRequiredService<RetrievalEvaluation>().EvaluateAsync(questions, K, model: null, source: null, cancellationToken)).Overall;
        return new Ingested(model, summary, eval, vectors);
    }

    /// <summary>Raw tokens/s per model id: all models loaded at once, each round runs every model once, in registry order.</summary>
    private static Dictionary<string, double> RawTokensPerSecond(PipelineSettings settings, int sequence, int batches)
    {
        var options = settings.EmbeddingOptions();
        var embedders = ModelRegistry.All.Select(m => ModelRegistry.Create(m.Id, options, settings.ModelCacheDirectory)).ToList();
        try
        {
            var elapsed = new TimeSpan[embedders.Count];
            foreach (var embedder in embedders)
            {
                embedder.RunRawBatches(options.BatchSize, sequence, 1);
            }
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < embedders.Count; i++)
                {
                    elapsed[i] += embedders[i].RunRawBatches(options.BatchSize, sequence, batches);
                }
            }
            var tokens = (double)options.BatchSize * sequence * batches * Rounds;
            return ModelRegistry.All.Select((m, i) => (m.Id, Rate: tokens / elapsed[i].TotalSeconds)).ToDictionary(x => x.Id, x => x.Rate);
        }
        finally
        {
            embedders.ForEach(e => e.Dispose());
        }
    }

    private static ModelFigures Figures(Ingested run, IReadOnlyList<Ingested> runs, Dictionary<string, double> raw)
    {
        var model = run.Model;
        var fp32 = ModelRegistry.BaseOf(model) is { } b ? runs.Single(r => r.Model.Id == b.Id) : null;
        var cosines = fp32 is null
            ? []
            : run.Vectors.Where(v => fp32.Vectors.ContainsKey(v.Key)).Select(v => Int8Bench.Cosine(v.Value, fp32.Vectors[v.Key])).ToList();
        var s = run.Summary;
        return new ModelFigures(
            model.Id, model.Name, model.Sha256, fp32?.Model.Id,
            Math.Round(raw[model.Id], 0),
            fp32 is null ? null : Math.Round(raw[model.Id] / raw[fp32.Model.Id], 3),
            s.Documents.Seen, s.ChunksWritten, s.TokensEmbedded, Math.Round(s.Seconds, 2),
            Math.Round(s.TokensEmbedded / Math.Max(s.Seconds, 1e-6), 0),
            run.Eval is { } e ? ModelEval.Of(e) : null,
            cosines.Count == 0 ? null : Math.Round(cosines.Average(), 5),
            cosines.Count == 0 ? null : Math.Round(cosines.Min(), 5),
            fp32 is null ? null : cosines.Count,
            fp32 is not null && run.Eval is { } mine && fp32.Eval is { } theirs ? Math.Abs(mine.Mrr - theirs.Mrr) <= 0.01 : null);
    }
}

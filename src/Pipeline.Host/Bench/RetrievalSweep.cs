using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Chunking;
using Pipeline.Core.Evaluation;
using Pipeline.Embeddings;
using Pipeline.Host.Cli;
using Pipeline.Host.Database;
using Pipeline.Host.Evaluation;
using Pipeline.Host.Ingestion;
using Pipeline.Storage;
using Pipeline.Storage.Migrations;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Bench;

/// <summary>
/// Chunking against retrieval (issue 12, item 3): for each model × budget × prefix × overlap, the folder is ingested into
/// a fresh bench database with those options, and the question set is scored on it as <c>eval</c> scores it (the same
/// <see cref="RetrievalEvaluation"/>) in each of the three modes. Each row is printed to stderr as it is measured, so a
/// long sweep that is stopped still leaves its figures.
/// </summary>
public static class RetrievalSweep
{
    private const int K = 10;

    public sealed record Variant(string Model, int MaxTokens, ChunkPrefix Prefix, int OverlapPercent);

    public static async Task<RetrievalSweepReport> RunAsync(string folder, string questionsPath, IReadOnlyList<Variant> variants, PipelineSettings settings,
        CancellationToken cancellationToken)
    {
        var questions = QuestionSet.Read(questionsPath);
        using var logging = CliRuntime.CreateLoggerFactory();
        var main = await DatabaseBootstrap.ResolveAsync(settings, logging, cancellationToken);
        var rows = new List<RetrievalSweepRow>();
        foreach (var variant in variants)
        {
            await Console.Error.WriteLineAsync($"bench --retrieval: {variant.Model}, {variant.MaxTokens} tokens, prefix {variant.Prefix.Name()}, overlap {variant.OverlapPercent} %");
            var row = await MeasureAsync(variant, main, folder, questions, settings, cancellationToken);
            rows.Add(row);
            await Console.Error.WriteLineAsync("  " + RetrievalSweepReport.Line(row));
        }
        return new RetrievalSweepReport(folder, questionsPath, rows);
    }

    private static async Task<RetrievalSweepRow> MeasureAsync(Variant variant, string main, string folder, IReadOnlyList<EvalQuestion> questions,
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
        services.AddPipeline(settings with { EmbeddingModel = variant.Model }, database.ConnectionString);
        await using var provider = services.BuildServiceProvider();

        var chunking = new ChunkingOptions { MaxTokens = variant.MaxTokens, Prefix = variant.Prefix, OverlapPercent = variant.OverlapPercent };
        var source = SourceRegistry.AdHocPdfFolder(folder, password: null);
        var summary = await provider.GetRequiredService<IngestionRunner>()
            .RunAsync(new IngestionRequest("bench", source, chunking, "bench", settings.DocumentParallelism), null, cancellationToken);
        if (summary.ChunksWritten == 0)
        {
            // Scores of an empty index are zeros that look like figures; links leaving the folder are skipped, for one.
            throw new InvalidOperationException($"bench --retrieval: {folder} gave no chunks ({summary.Documents.Seen} documents seen); PDFs linked from outside the folder are skipped, copy them in");
        }

        var evaluation = provider.GetRequiredService<RetrievalEvaluation>();
        var figures = new Dictionary<RetrievalMode, RetrievalFigures>();
        foreach (var mode in new[] { RetrievalMode.Dense, RetrievalMode.Lexical, RetrievalMode.Hybrid })
        {
            figures[mode] = (await evaluation.EvaluateAsync(questions, K, model: null, source: null, cancellationToken, mode: mode)).Overall;
        }
        return new RetrievalSweepRow(
            variant.Model, variant.MaxTokens, variant.Prefix.Name(), variant.OverlapPercent, summary.ChunksWritten, Math.Round(summary.Seconds, 1),
            ModelEval.Of(figures[RetrievalMode.Dense]), ModelEval.Of(figures[RetrievalMode.Lexical]), ModelEval.Of(figures[RetrievalMode.Hybrid]));
    }

    /// <summary>Every combination, models outermost, so the first model's rows are complete first.</summary>
    public static IReadOnlyList<Variant> Combinations(IReadOnlyList<string> models, IReadOnlyList<int> budgets, IReadOnlyList<ChunkPrefix> prefixes, IReadOnlyList<int> overlaps) =>
        (from model in models
         from overlap in overlaps
         from prefix in prefixes
         from budget in budgets
         select new Variant(ModelRegistry.Get(model).Id, budget, prefix, overlap)).ToList();
}

using System.Globalization;
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

    /// <summary>One hybrid setting scored on every variant's index: RRF weights and candidate depth.</summary>
    public sealed record Fusion(FusionMethod Method, double DenseWeight, double LexicalWeight, int Candidates)
    {
        public SearchOptions Apply(SearchOptions options) =>
            (options with { Fusion = Method, DenseWeight = DenseWeight, LexicalWeight = LexicalWeight, Candidates = Candidates }).Validate();
    }

    /// <param name="fusions">Hybrid settings scored on each index (re-scoring is cheap, re-ingesting is not); the first
    /// is reported as the row's hybrid figures. Empty: the configured <c>PIPELINE_SEARCH_*</c> setting alone.</param>
    public static async Task<RetrievalSweepReport> RunAsync(string folder, string questionsPath, IReadOnlyList<Variant> variants, PipelineSettings settings,
        CancellationToken cancellationToken, IReadOnlyList<Fusion>? fusions = null)
    {
        var questions = QuestionSet.Read(questionsPath);
        using var logging = CliRuntime.CreateLoggerFactory();
        var main = await DatabaseBootstrap.ResolveAsync(settings, logging, cancellationToken);
        var rows = new List<RetrievalSweepRow>();
        foreach (var variant in variants)
        {
            await Console.Error.WriteLineAsync($"bench --retrieval: {variant.Model}, {variant.MaxTokens} tokens, prefix {variant.Prefix.Name()}, overlap {variant.OverlapPercent} %");
            var row = await MeasureAsync(variant, main, folder, questions, settings, Settings(fusions, settings.Search), cancellationToken);
            rows.Add(row);
            await Console.Error.WriteLineAsync("  " + RetrievalSweepReport.Line(row));
            foreach (var fused in row.Fusions.Skip(1))
            {
                await Console.Error.WriteLineAsync("  " + RetrievalSweepReport.FusionLine(fused));
            }
        }
        return new RetrievalSweepReport(folder, questionsPath, rows);
    }

    private static IReadOnlyList<Fusion> Settings(IReadOnlyList<Fusion>? fusions, SearchOptions configured) =>
        fusions is { Count: > 0 } ? fusions : [new Fusion(configured.Fusion, configured.DenseWeight, configured.LexicalWeight, configured.Candidates)];

    /// <summary>Parses <c>[rrf:|convex:]DENSE:LEXICAL[@CANDIDATES]</c>, e.g. <c>1:1@200</c> or <c>convex:0.7:0.3</c>;
    /// the method defaults to RRF and the depth to the configured one.</summary>
    public static bool TryParseFusion(string text, int defaultCandidates, out Fusion fusion)
    {
        fusion = null!;
        var method = FusionMethod.Rrf;
        var colon = text.IndexOf(':');
        if (colon > 0 && FusionMethodNames.TryParse(text[..colon], out var named))
        {
            method = named;
            text = text[(colon + 1)..];
        }
        var at = text.Split('@');
        var weights = at[0].Split(':');
        var candidates = defaultCandidates;
        if (at.Length > 2 || weights.Length != 2
            || !double.TryParse(weights[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var dense)
            || !double.TryParse(weights[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lexical)
            || (at.Length == 2 && !int.TryParse(at[1], NumberStyles.None, CultureInfo.InvariantCulture, out candidates)))
        {
            return false;
        }
        try
        {
            fusion = new Fusion(method, dense, lexical, candidates);
            fusion.Apply(new SearchOptions());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<RetrievalSweepRow> MeasureAsync(Variant variant, string main, string folder, IReadOnlyList<EvalQuestion> questions,
        PipelineSettings settings, IReadOnlyList<Fusion> fusions, CancellationToken cancellationToken)
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
        var dense = (await evaluation.EvaluateAsync(questions, K, model: null, source: null, cancellationToken, mode: RetrievalMode.Dense)).Overall;
        var lexical = (await evaluation.EvaluateAsync(questions, K, model: null, source: null, cancellationToken, mode: RetrievalMode.Lexical)).Overall;
        var hybrid = new List<FusionEval>();
        foreach (var fusion in fusions)
        {
            // The same index, ranked by a retriever with this fusion setting: only the hybrid ranking depends on it.
            var retriever = ActivatorUtilities.CreateInstance<Retriever>(provider, fusion.Apply(provider.GetRequiredService<Retriever>().Options));
            var scored = await ActivatorUtilities.CreateInstance<RetrievalEvaluation>(provider, retriever)
                .EvaluateAsync(questions, K, model: null, source: null, cancellationToken, mode: RetrievalMode.Hybrid);
            hybrid.Add(new FusionEval(fusion.Method.Name(), fusion.DenseWeight, fusion.LexicalWeight, fusion.Candidates, ModelEval.Of(scored.Overall)));
        }
        return new RetrievalSweepRow(
            variant.Model, variant.MaxTokens, variant.Prefix.Name(), variant.OverlapPercent, summary.ChunksWritten, Math.Round(summary.Seconds, 1),
            ModelEval.Of(dense), ModelEval.Of(lexical), hybrid[0].Figures, hybrid);
    }

    /// <summary>Every combination, models outermost, so the first model's rows are complete first.</summary>
    public static IReadOnlyList<Variant> Combinations(IReadOnlyList<string> models, IReadOnlyList<int> budgets, IReadOnlyList<ChunkPrefix> prefixes, IReadOnlyList<int> overlaps) =>
        (from model in models
         from overlap in overlaps
         from prefix in prefixes
         from budget in budgets
         select new Variant(ModelRegistry.Get(model).Id, budget, prefix, overlap)).ToList();
}

using Npgsql;
using Pipeline.Core.Drift;
using Pipeline.Core.Embedding;
using Pipeline.Host.Jobs;
using Pipeline.Host.Monitoring;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Dashboard;

/// <summary>One stored figure of a job's newest monitored run against its threshold.</summary>
/// <param name="Value">Null when there was nothing to measure (first sync: no baseline).</param>
/// <param name="Threshold">Null for a figure recorded but not judged (sample sizes, lag).</param>
/// <param name="NotJudged">Why a measured figure with a threshold was not judged (too few new chunks), else null.</param>
public sealed record DriftFigure(string Job, long RunId, string Figure, double? Value, double? Threshold, bool Crossed, string? NotJudged = null)
{
    private static readonly HashSet<string> EmbeddingFigures = [RunFigureNames.CentroidShift, RunFigureNames.TokenLengthPsi, RunFigureNames.SimilarityPsi];

    /// <summary>Canary recall is bad when low; every other judged figure when high.</summary>
    public bool AtLeast => Figure == RunFigureNames.CanaryRecall;

    /// <summary>Measured on chunk embeddings against the baseline: needs a baseline, new chunks, and <c>minChunks</c> of them to be judged.</summary>
    public bool OnEmbeddings => EmbeddingFigures.Contains(Figure);
}

/// <summary>The golden queries of a job's newest monitored run.</summary>
public sealed record CanaryRow(string Job, long RunId, double Recall, double MinRecall, IReadOnlyList<CanaryResult> Results);

/// <summary>Chunks of one source embedded by one model.</summary>
public sealed record ModelUsage(string Source, string ModelId, string ModelSha256, long Chunks);

/// <param name="Evaluations">Per job naming <c>evaluation.questions</c>, the figures of its newest evaluated run.</param>
public sealed record DriftPageData(IReadOnlyList<DriftFigure> Figures, IReadOnlyList<CanaryRow> Canaries, IReadOnlyList<ModelUsage> Models, EmbeddingModelInfo Running,
    IReadOnlyList<RunEvaluationFigures>? Evaluations = null);

/// <summary>
/// Reads the Drift page: per job, the figures of its newest monitored run and its canaries, through the same
/// <see cref="JobHealthReport"/> that health, alerts and /metrics read; the retrieval figures of its newest evaluated run;
/// and the models in the index.
/// </summary>
public sealed class DriftQuery(NpgsqlDataSource dataSource, IEmbedder embedder, JobHealthReport report, JobCatalog catalog, RunEvaluationStore evaluations)
{
    public async Task<DriftPageData> LoadAsync(CancellationToken cancellationToken)
    {
        var health = await report.GetAsync(cancellationToken);
        // Jobs no longer in jobs/ keep their rows in the database; the page shows the jobs it shows elsewhere.
        var evaluated = (await evaluations.NewestPerJobAsync(cancellationToken)).Where(e => catalog.Jobs.Any(j => j.Name == e.Job)).ToList();
        return new(Figures(health), Canaries(health), await ModelsAsync(cancellationToken), embedder.Model, evaluated);
    }

    private List<DriftFigure> Figures(IEnumerable<JobHealth> health)
    {
        var rows = new List<DriftFigure>();
        foreach (var job in health.Where(h => h.FiguresRunId is not null))
        {
            var minChunks = catalog.Get(job.Job).Drift.MinChunks;
            var newChunks = job.Figure(RunFigureNames.NewChunks);
            foreach (var figure in job.Figures)
            {
                // The run monitor stores embedding figures of small runs with their threshold but does not judge them; say so.
                var row = new DriftFigure(job.Job, job.FiguresRunId!.Value, figure.Name, figure.Value, figure.Threshold, figure.Crossed);
                rows.Add(row.OnEmbeddings && figure.Value is not null && newChunks < minChunks
                    ? row with { NotJudged = $"{newChunks:0} new chunks < minChunks {minChunks}" }
                    : row);
            }
        }
        return rows;
    }

    private List<CanaryRow> Canaries(IEnumerable<JobHealth> health) =>
        health.Where(h => h.Canaries is not null)
            .Select(h => new CanaryRow(h.Job, h.Canaries!.RunId, h.Canaries.Recall, catalog.Get(h.Job).Drift.MinCanaryRecall, h.Canaries.Results))
            .ToList();

    public async Task<IReadOnlyList<ModelUsage>> ModelsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.source, v.model, v.model_sha256, count(*)
            FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id
            JOIN pipeline.source_models s ON s.source = d.source AND s.model = v.model
            GROUP BY d.source, v.model, v.model_sha256 ORDER BY d.source, count(*) DESC
            """);
        var rows = new List<ModelUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ModelUsage(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }
        return rows;
    }
}

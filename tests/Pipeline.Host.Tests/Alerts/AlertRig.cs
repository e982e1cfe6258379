using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Pipeline.Core.Drift;
using Pipeline.Core.Quality;
using Pipeline.Core.Runs;
using Pipeline.Host.Alerts;
using Pipeline.Host.Jobs;
using Pipeline.Host.Monitoring;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage;
using Pipeline.Core.Embedding;
using Pipeline.Storage.Models;
using Pipeline.Storage.Monitoring;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>
/// A fresh database with the real schema, a jobs folder with real job files, and the alert parts wired as the service
/// wires them; rows go in with plain SQL, so a test states the history it needs (times included).
/// </summary>
public sealed class AlertRig : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _jobs;

    private AlertRig(string connectionString, TempFolder jobs)
    {
        ConnectionString = connectionString;
        // The evaluator uses one connection at a time; a small pool leaves the shared test cluster's slots to others.
        DataSource = PipelineDataSource.Create(connectionString + ";Maximum Pool Size=3");
        _jobs = jobs;
        Catalog = JobCatalog.Load(jobs.Path);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public string JobsPath => _jobs.Path;

    public JobCatalog Catalog { get; }

    public ManualClock Clock { get; } = new(Start);

    public CollectingLogger<AlertEvaluator> Log { get; } = new();

    public static Task<AlertRig> CreateAsync(params string[] jobNames) =>
        CreateWithJobsAsync(jobNames.Select(name => (name, "")).ToArray());

    /// <param name="jobs">Job names, each with more top-level fields of its job file (e.g. <c>"freshness": { "slaHours": 4 }</c>), or "".</param>
    public static async Task<AlertRig> CreateWithJobsAsync(params (string Name, string ExtraFields)[] jobs)
    {
        var connectionString = await TestCluster.CreateDatabaseAsync("alerts");
        var folder = new TempFolder();
        foreach (var (name, extra) in jobs)
        {
            var more = extra.Length == 0 ? "" : ", " + extra;
            File.WriteAllText(folder.File($"{name}.json"), $$"""
                { "name": "{{name}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" }{{more}} }
                """);
        }
        return new AlertRig(connectionString, folder);
    }

    public static AlertOptions Options(TimeSpan? cooldown = null) => new AlertOptions
    {
        Cooldown = cooldown ?? TimeSpan.FromHours(1),
        PublicUrl = new Uri("https://pipeline.example/ops/"),
        RunbookBase = "https://docs.example/pipeline/runbooks/",
    }.Validate();

    public static SmtpOptions Smtp(int port, string? certificateSha256) => new SmtpOptions
    {
        Host = "127.0.0.1",
        Port = port,
        Tls = SmtpTlsMode.StartTls,
        User = SmtpTestServer.User,
        Password = SmtpTestServer.Password,
        From = "pipeline@example.org",
        To = ["oncall@example.org", "data-team@example.org"],
        CertificateSha256 = certificateSha256,
    }.Validate();

    public AlertEvaluator Evaluator(SmtpOptions smtp, AlertOptions options, IReadOnlyList<IAlertConditionSource>? sources = null) => new(
        sources ?? Sources(options), new AlertStateStore(DataSource), new AlertMailer(smtp), new AlertMessageBuilder(smtp, options), options, Clock, Log);

    public IReadOnlyList<IAlertConditionSource> Sources(AlertOptions options) =>
    [
        new QualityConditionSource(DataSource, Catalog, options),
        new DeadLetterConditionSource(DataSource, Catalog, new AlertObservations(DataSource), options),
        new JobFailingConditionSource(DataSource, Catalog, options),
        new DeletionBlockedConditionSource(DataSource, Catalog),
        new FreshnessConditionSource(new LastSuccessfulSyncQuery(DataSource), Catalog),
        new DriftConditionSource(Health),
        new CanaryConditionSource(Health),
        new MixedModelConditionSource(Health),
    ];

    /// <summary>The monitoring read side over this database and these job files, as the service wires it.</summary>
    public JobHealthReport Health => new(Catalog, new JobHealthQuery(DataSource, new LastSuccessfulSyncQuery(DataSource), new RunFigureStore(DataSource), new CanaryResultStore(DataSource), new Pipeline.Storage.Index.StaleDocuments(DataSource)), Clock);

    /// <summary>A finished sync run, its summary stored as the ingestion stores it.</summary>
    public async Task<long> AddRunAsync(string job, string status, DateTimeOffset finished, RunSummary? summary = null, string? error = null)
    {
        await using var command = DataSource.CreateCommand(
            """
            INSERT INTO pipeline.runs (job_name, source, trigger, status, kind, mode, started_at, finished_at, summary, error)
            VALUES (@job, @source, 'schedule', @status, 'sync', 'full', @started, @finished, @summary, @error) RETURNING id
            """);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("source", $"pdf:{job}");
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("started", finished - TimeSpan.FromMinutes(3));
        command.Parameters.AddWithValue("finished", finished);
        command.Parameters.Add(new NpgsqlParameter("summary", NpgsqlDbType.Jsonb) { Value = summary is null ? DBNull.Value : JsonSerializer.Serialize(summary) });
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A succeeded sync that processed <paramref name="processed"/> documents, of which the quality rules rejected <paramref name="rejected"/>.</summary>
    public Task<long> AddQualityRunAsync(string job, DateTimeOffset finished, int processed, int rejected) =>
        AddRunAsync(job, "succeeded", finished, new RunSummary
        {
            Job = job,
            Source = $"pdf:{job}",
            Documents = new DocumentCounts { Seen = processed + 5, New = processed - rejected, Unchanged = 5, Failed = rejected },
            Quality = new QualitySummary { DocumentsRejected = rejected, ChunksRejected = 2 * rejected },
        });

    public async Task AddDeadLettersAsync(string job, int count)
    {
        await using var command = DataSource.CreateCommand(
            """
            INSERT INTO pipeline.dead_letters (job_name, source, external_id, chunk_ordinal, content_hash, error, run_id, payload_ref)
            SELECT @job, @source, 'doc-' || n, 0, md5(@job || random()::text), 'model failed on this chunk alone', 1, 'chunk:' || n
            FROM generate_series(1, @count) AS n
            """);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("source", $"pdf:{job}");
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A run's monitoring figures, stored by the store the run monitor uses.</summary>
    public Task AddFiguresAsync(long runId, string job, params RunFigure[] figures) =>
        new RunFigureStore(DataSource).SaveAsync(runId, job, $"pdf:{job}", figures, CancellationToken.None);

    public Task AddCanaryResultsAsync(long runId, string job, params CanaryResult[] results) =>
        new CanaryResultStore(DataSource).SaveAsync(runId, job, results, CancellationToken.None);

    /// <summary>
    /// A document of <paramref name="source"/> with <paramref name="chunks"/> chunks, each with a vector of the given
    /// model computed by the graph <paramref name="modelSha256"/> (which may differ from the graph the model is
    /// registered with: damage). The source's active model is the first one given to it.
    /// </summary>
    public async Task AddChunksAsync(string source, string externalId, EmbeddingModelInfo model, string modelSha256, int chunks)
    {
        await new ModelPartitions(DataSource).EnsureAsync(model, CancellationToken.None);
        await new SourceModels(DataSource).EnsureAsync(source, model.Id, CancellationToken.None);
        await using var command = DataSource.CreateCommand(
            """
            WITH d AS (
                INSERT INTO pipeline.documents (source, external_id, status, indexed_at) VALUES (@source, @external, 'indexed', now()) RETURNING id),
            c AS (
                INSERT INTO pipeline.chunks (id, document_id, ordinal, text, token_count, content_hash, page_start, page_end)
                SELECT @source || ':' || @external || ':' || n, d.id, n, 'chunk ' || n, 2, md5(@external || n), 1, 1
                FROM d, generate_series(1, @chunks) AS n
                RETURNING id)
            INSERT INTO pipeline.chunk_vectors (chunk_id, model, model_sha256, embedding)
            SELECT c.id, @model, @sha, array_fill(0.05::real, ARRAY[384])::vector FROM c
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("external", externalId);
        command.Parameters.AddWithValue("model", model.Id);
        command.Parameters.AddWithValue("sha", modelSha256);
        command.Parameters.AddWithValue("chunks", chunks);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        _jobs.Dispose();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Core.Runs;
using Pipeline.Embeddings;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>The real service composition (AddPipeline) on a fresh test database.</summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private bool _ownsJobs = true;

    private PipelineHarness(ServiceProvider services, string connectionString, TempFolder jobs)
    {
        Services = services;
        ConnectionString = connectionString;
        Jobs = jobs;
    }

    public ServiceProvider Services { get; }

    public string ConnectionString { get; }

    public TempFolder Jobs { get; }

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    /// <param name="configure">Runs last, so a test may replace a service (e.g. a failing <see cref="IEmbedder"/>).</param>
    public static async Task<PipelineHarness> CreateAsync(string name, Action<TempFolder>? writeJobs = null, Action<IServiceCollection>? configure = null)
    {
        var connectionString = await TestCluster.CreateDatabaseAsync(name);
        var jobs = new TempFolder();
        writeJobs?.Invoke(jobs);
        return Compose(connectionString, jobs, configure);
    }

    /// <summary>
    /// The service started again on the same database and jobs folder, like a restart after an operator edited a job
    /// file; the jobs folder stays with this harness.
    /// </summary>
    public PipelineHarness Restarted()
    {
        var restarted = Compose(ConnectionString, Jobs, configure: null);
        restarted._ownsJobs = false;
        return restarted;
    }

    private static PipelineHarness Compose(string connectionString, TempFolder jobs, Action<IServiceCollection>? configure)
    {
        var settings = new PipelineSettings
        {
            ConnectionString = connectionString,
            DataDirectory = jobs.File(".data"),
            JobsDirectory = jobs.Path,
            HomeDirectory = jobs.Path,
        };
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddPipeline(settings, connectionString);
        // Instances, not factories: the container disposes what its factories return, and this model outlives every test.
        services.AddSingleton<OnnxEmbedder>(SharedEmbedder.Value);
        services.AddSingleton<IEmbedder>(SharedEmbedder.Value);
        services.AddSingleton<ITokenCounter>(SharedEmbedder.Value);
        configure?.Invoke(services);
        return new PipelineHarness(services.BuildServiceProvider(), connectionString, jobs);
    }

    public Task<RunSummary> IngestFolderAsync(string folder, CancellationToken cancellationToken = default, string? password = null, bool reprocess = false) =>
        Services.GetRequiredService<IngestionRunner>().RunAsync(
            // Two documents in flight, so every test also checks that concurrent documents give the single-threaded result.
            new IngestionRequest("test", SourceRegistry.AdHocPdfFolder(folder, password), new ChunkingOptions(), "test", DocumentParallelism: 2) { Reprocess = reprocess },
            null, cancellationToken);

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (n, v) in parameters)
        {
            command.Parameters.AddWithValue(n, v);
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Chunk ids per document, to compare index states before and after.</summary>
    public async Task<Dictionary<string, List<string>>> ChunkIdsAsync()
    {
        var result = new Dictionary<string, List<string>>();
        await using var command = DataSource.CreateCommand(
            "SELECT d.external_id, c.id FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id ORDER BY d.external_id, c.ordinal");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var doc = reader.GetString(0);
            if (!result.TryGetValue(doc, out var list))
            {
                result[doc] = list = [];
            }
            list.Add(reader.GetString(1));
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        // The shared embedder is registered as an instance, so disposing the provider leaves it loaded for other tests.
        await Services.DisposeAsync();
        if (_ownsJobs)
        {
            Jobs.Dispose();
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Embeddings;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Scheduling;
using Pipeline.Storage;
using Pipeline.Storage.Index;
using Pipeline.Storage.Runs;

namespace Pipeline.Host;

public static class PipelineServices
{
    /// <summary>Everything the CLI and the web host share; the job catalog is loaded (and validated) here.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, PipelineSettings settings, string connectionString)
    {
        settings.Validate();
        var catalog = JobCatalog.Load(settings.JobsDirectory);
        services.AddSingleton(settings);
        services.AddSingleton(catalog);
        services.AddSingleton<NpgsqlDataSource>(_ => PipelineDataSource.Create(connectionString));
        services.AddSingleton(_ => new MiniLmEmbedder(new EmbeddingOptions
        {
            IntraOpThreads = settings.OnnxThreads,
            BatchSize = settings.EmbeddingBatchSize,
        }));
        services.AddSingleton<IEmbedder>(sp => sp.GetRequiredService<MiniLmEmbedder>());
        services.AddSingleton<ITokenCounter>(sp => sp.GetRequiredService<MiniLmEmbedder>());
        services.AddSingleton<DocumentIndex>();
        services.AddSingleton<RunLedger>();
        services.AddSingleton<SyncStateStore>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton<ChunkSearch>();
        services.AddSingleton<IndexStatusQuery>();
        services.AddSingleton<DocumentStatistics>();
        services.AddSingleton<SourceRegistry>();
        services.AddSingleton<IngestionRunner>();
        services.AddSingleton<JobIngestion>();
        services.AddTransient<IngestJob>();
        services.AddTransient<ReingestDocumentJob>();
        return services;
    }
}

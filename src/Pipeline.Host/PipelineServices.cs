using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Core.Quality;
using Pipeline.Core.Telemetry;
using Pipeline.Embeddings;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Models;
using Pipeline.Host.Monitoring;
using Pipeline.Host.Scheduling;
using Pipeline.Storage;
using Pipeline.Storage.DeadLetters;
using Pipeline.Storage.Index;
using Pipeline.Storage.Models;
using Pipeline.Storage.Monitoring;
using Pipeline.Storage.Quality;
using Pipeline.Storage.Retrieval;
using Pipeline.Storage.Runs;

namespace Pipeline.Host;

public static class PipelineServices
{
    /// <summary>Everything the CLI and the web host share; the job catalog is loaded (and validated) here.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, PipelineSettings settings, string connectionString)
    {
        settings.Validate();
        Redaction.RedactionKey.Validate();
        var catalog = JobCatalog.Load(settings.JobsDirectory);
        foreach (var job in catalog.Jobs)
        {
            // The schema checks each field; this checks what it cannot (patterns that compile, thresholds that fit together).
            var quality = new QualityOptionsValidator().Validate(job.Quality);
            if (!quality.IsValid)
            {
                throw new JobDefinitionException($"{Path.GetFileName(job.FilePath)}: {string.Join("; ", quality.Errors.Select(e => e.ErrorMessage))}");
            }
            ChunkBudgetCheck.Ensure(job);
        }
        services.AddSingleton(settings);
        services.AddSingleton(catalog);
        services.AddSingleton<NpgsqlDataSource>(_ => PipelineDataSource.Create(connectionString));
        services.AddSingleton(_ => ModelRegistry.Create(settings.EmbeddingModel, settings.EmbeddingOptions(), settings.ModelCacheDirectory));
        services.AddMetrics();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<IEmbedder>(sp => new MeteredEmbedder(sp.GetRequiredService<OnnxEmbedder>(), sp.GetRequiredService<PipelineMetrics>()));
        services.AddSingleton<ITokenCounter>(sp => sp.GetRequiredService<OnnxEmbedder>());
        services.AddSingleton(new EmbeddingRetryOptions().Validate());
        services.AddSingleton<DocumentIndex>();
        services.AddSingleton<StaleDocuments>();
        services.AddSingleton<DeadLetterStore>();
        services.AddSingleton<DeadLetterReplay>();
        services.AddSingleton<RunLedger>();
        services.AddSingleton<LastSuccessfulSyncQuery>();
        services.AddSingleton<JobRegistrations>();
        services.AddSingleton<QualityFindingStore>();
        services.AddSingleton<SyncStateStore>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton<PendingReingestions>();
        services.AddSingleton<EmbedderCatalog>();
        services.AddSingleton<IEmbedderCatalog>(sp => sp.GetRequiredService<EmbedderCatalog>());
        services.AddSingleton<ModelPartitions>();
        services.AddSingleton<SourceModels>();
        services.AddSingleton<ModelBuilds>();
        services.AddSingleton<SyncModels>();
        services.AddSingleton<BuildChunks>();
        services.AddSingleton<JobModels>();
        services.AddSingleton<ModelEvaluator>();
        services.AddSingleton<ModelPlanner>();
        services.AddSingleton<ModelSwitch>();
        services.AddSingleton<ModelBuildRunner>();
        services.AddTransient<ModelBuildJob>();
        services.AddSingleton<Evaluation.RetrievalEvaluation>();
        services.AddSingleton(settings.Search);
        services.AddSingleton<ChunkSearch>();
        services.AddSingleton<Pipeline.Storage.Access.PrincipalStore>();
        services.AddSingleton<Pipeline.Storage.Access.DocumentAccessStore>();
        // The Quality page's read side, with the figures it shows beside it (also read by the CLI and tests).
        services.AddSingleton<Dashboard.QualityQuery>();
        services.AddSingleton<Pipeline.Storage.Access.DocumentRemovals>();
        services.AddSingleton<Pipeline.Storage.Redaction.RedactionFindingStore>();
        services.AddSingleton<Pipeline.Storage.Redaction.RedactionCounts>();
        services.AddSingleton<Pipeline.Storage.Redaction.RedactionKeyStore>();
        services.AddSingleton<Redaction.RedactionKey>();
        services.AddSingleton<Search.CallerResolver>();
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, TimeProvider.System);
        services.AddSingleton<Ingestion.PermissionSync>();
        services.AddSingleton<LexicalSearch>();
        services.AddSingleton<Retriever>();
        services.AddSingleton<IndexStatusQuery>();
        services.AddSingleton<ReprocessPendingQuery>();
        services.AddSingleton<ChunkExport>();
        services.AddSingleton<IndexVerification>();
        services.AddSingleton<IndexVerificationRepair>();
        services.AddSingleton<DocumentStatistics>();
        services.AddSingleton<SourceRegistry>();
        services.AddSingleton<IngestionRunner>();
        services.AddSingleton<JobIngestion>();
        services.AddMonitoring();
        services.AddTransient<IngestJob>();
        services.AddTransient<ReingestDocumentJob>();
        return services;
    }
}

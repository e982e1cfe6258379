using Pipeline.Core.Embedding;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Models;

/// <summary>A job's source and a model named for it, resolved for the <c>models</c> commands.</summary>
public sealed record ModelTarget(JobDefinition Job, string Source, IEmbedder Candidate, IEmbedder Active);

/// <summary>Resolves a job name and a model id (registry id or recorded name) into the source and embedders they mean.</summary>
public sealed class JobModels(JobCatalog catalog, EmbedderCatalog embedders, SourceModels sourceModels)
{
    /// <exception cref="ArgumentException">Unknown job or model: the message lists the valid ones.</exception>
    public async Task<ModelTarget> ResolveAsync(string jobName, string model, CancellationToken cancellationToken)
    {
        var job = catalog.Jobs.FirstOrDefault(j => j.Name == jobName)
            ?? throw new ArgumentException($"no job '{jobName}'; jobs: {string.Join(", ", catalog.Jobs.Select(j => j.Name))}");
        var source = SourceRegistry.KeyOf(job);
        var candidate = embedders.Get(model);
        return new ModelTarget(job, source, candidate, await ActiveAsync(job, cancellationToken));
    }

    /// <summary>The source's active model; the job's <c>embedding.model</c> while the source has never been synced.</summary>
    public async Task<IEmbedder> ActiveAsync(JobDefinition job, CancellationToken cancellationToken) =>
        embedders.Get(await sourceModels.ActiveAsync(SourceRegistry.KeyOf(job), cancellationToken) ?? job.Embedding.Model);
}

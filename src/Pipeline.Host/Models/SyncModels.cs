using Pipeline.Core.Embedding;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Models;

/// <summary>The models a sync of one source writes: its active one, and any being built for it.</summary>
public sealed record SyncModelSet(IEmbedder Active, IReadOnlyList<IEmbedder> Building);

/// <summary>
/// Resolves <see cref="SyncModelSet"/> for a source at the start of a run: the active model is made explicit at the
/// first sync (the job's <c>embedding.model</c>) and read from <c>pipeline.source_models</c> afterwards; each model's
/// partition exists before anything is written to it.
/// </summary>
public sealed class SyncModels(EmbedderCatalog embedders, SourceModels sourceModels, ModelBuilds builds, ModelPartitions partitions)
{
    /// <param name="initial">The job's model (registry id or name); null for the service's default.</param>
    public async Task<SyncModelSet> ResolveAsync(string source, string? initial, CancellationToken cancellationToken)
    {
        var initialModel = initial is null ? embedders.Default : embedders.Get(initial);
        await partitions.EnsureAsync(initialModel.Model, cancellationToken);
        var active = embedders.Get(await sourceModels.EnsureAsync(source, initialModel.Model.Id, cancellationToken));
        await partitions.EnsureAsync(active.Model, cancellationToken);
        var building = new List<IEmbedder>();
        foreach (var model in await builds.BuildingForSourceAsync(source, cancellationToken))
        {
            if (model != active.Model.Id)
            {
                var embedder = embedders.Get(model);
                await partitions.EnsureAsync(embedder.Model, cancellationToken);
                building.Add(embedder);
            }
        }
        return new SyncModelSet(active, building);
    }
}

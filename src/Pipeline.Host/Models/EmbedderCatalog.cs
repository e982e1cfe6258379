using System.Collections.Concurrent;
using Pipeline.Core.Embedding;
using Pipeline.Core.Telemetry;
using Pipeline.Embeddings;

namespace Pipeline.Host.Models;

/// <summary>
/// The embedders of this process, one per registered model, loaded at first use (about a second and ~100 MB each)
/// and shared: the service's default model (<c>PIPELINE_EMBEDDING_MODEL</c>) is the one in DI, the others come from
/// <see cref="ModelRegistry"/> when a source, a build or a query first needs them.
/// </summary>
public sealed class EmbedderCatalog(IEmbedder defaultEmbedder, PipelineSettings settings, PipelineMetrics metrics) : IEmbedderCatalog, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IEmbedder>> _loaded = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _owned = [];

    public IEmbedder Default => defaultEmbedder;

    /// <param name="model">A registry id or the full name recorded with vectors.</param>
    /// <exception cref="ArgumentException">Not a packaged model.</exception>
    public IEmbedder Get(string model)
    {
        var registered = ModelRegistry.Get(model);
        if (string.Equals(registered.Name, defaultEmbedder.Model.Id, StringComparison.Ordinal))
        {
            return defaultEmbedder;
        }
        return _loaded.GetOrAdd(registered.Name, _ => new Lazy<IEmbedder>(() => Load(registered))).Value;
    }

    private IEmbedder Load(RegisteredModel registered)
    {
        var embedder = ModelRegistry.Create(registered.Id, settings.EmbeddingOptions(), settings.ModelCacheDirectory);
        lock (_owned)
        {
            _owned.Add(embedder);
        }
        return new MeteredEmbedder(embedder, metrics);
    }

    public void Dispose()
    {
        lock (_owned)
        {
            _owned.ForEach(e => e.Dispose());
            _owned.Clear();
        }
    }
}

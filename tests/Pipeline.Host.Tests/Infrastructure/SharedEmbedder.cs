using Pipeline.Embeddings;

namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>
/// One loaded model for the whole test assembly: loading it per test would dominate test time. It is the shipped
/// default (<see cref="ModelRegistry.DefaultId"/>, MiniLM int8), so tests run on what users run; its build is cached
/// where the CLI processes the tests start look for it too (<see cref="PipelineSettings.ModelCacheDirectory"/>), so it
/// is built once per machine.
/// </summary>
public static class SharedEmbedder
{
    private static readonly Lazy<OnnxEmbedder> Instance = new(() => ModelRegistry.Create(ModelRegistry.DefaultId, dataDirectory: CacheDirectory()));

    public static OnnxEmbedder Value => Instance.Value;

    private static string CacheDirectory() =>
        Environment.GetEnvironmentVariable("PIPELINE_MODEL_CACHE") is { Length: > 0 } cache ? Path.GetFullPath(cache) : PipelineSettings.DefaultModelCache();
}

using Pipeline.Embeddings;

namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>
/// One loaded model for the whole test assembly: loading it per test would dominate test time. It is the shipped
/// default (<see cref="ModelRegistry.DefaultId"/>, MiniLM int8), so tests run on what users run; its build is cached
/// where the CLI processes the tests start cache it too (<c>$PIPELINE_HOME/.data/models</c>), so it is built once.
/// </summary>
public static class SharedEmbedder
{
    private static readonly Lazy<OnnxEmbedder> Instance = new(() => ModelRegistry.Create(ModelRegistry.DefaultId, dataDirectory: DataDirectory()));

    public static OnnxEmbedder Value => Instance.Value;

    private static string DataDirectory() =>
        Environment.GetEnvironmentVariable("PIPELINE_HOME") is { Length: > 0 } home
            ? Path.Combine(home, ".data")
            : Path.Combine(Path.GetTempPath(), "pipeline-tests-models");
}

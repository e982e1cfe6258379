using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Chunking;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.DeadLetters;

/// <summary>
/// What a test poisons: the chunks one document of a job makes, cut by the job's own chunker, and a stretch of one
/// chunk's text that no other chunk holds, so a <see cref="PoisonTextEmbedder"/> fails on exactly that chunk.
/// </summary>
public static class PoisonTarget
{
    public static async Task<IReadOnlyList<Chunk>> ChunksAsync(PipelineHarness harness, string jobName, string document)
    {
        var job = harness.Services.GetRequiredService<JobCatalog>().Get(jobName);
        var source = harness.Services.GetRequiredService<SourceRegistry>().Create(job);
        var reference = await source.FindAsync(document, CancellationToken.None) ?? throw new FileNotFoundException(document);
        var loaded = await source.LoadAsync(reference, CancellationToken.None);
        return new StructureChunker(SharedEmbedder.Value, JobIngestion.ChunkingFor(job)).Split(loaded.Document!);
    }

    /// <summary>A stretch of <paramref name="text"/> that none of <paramref name="others"/> contains (chunks overlap by whole sentences).</summary>
    public static string UniqueWindow(string text, IReadOnlyList<string> others)
    {
        for (var start = 0; start + 40 <= text.Length; start += 10)
        {
            var window = text.Substring(start, 40);
            if (!others.Any(o => o.Contains(window, StringComparison.Ordinal)))
            {
                return window;
            }
        }
        throw new InvalidOperationException("every stretch of the chunk also appears in another chunk");
    }
}

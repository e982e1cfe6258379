using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Embedding;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>Canaries are search queries: they are embedded with the running model's query prefix, chunks without it.</summary>
public sealed class CanaryQueryPrefixTests
{
    private const string Prefix = "Represent this sentence for searching relevant passages: ";
    private const string Query = "how a failed sync is retried";

    [Fact]
    public async Task Canary_queries_carry_the_model_query_prefix_and_chunks_do_not()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        var recording = new RecordingEmbedder(SharedEmbedder.Value);
        await using var harness = await PipelineHarness.CreateAsync("canary_prefix",
            jobs => File.WriteAllText(jobs.File("prefixed.json"), $$"""
                { "name": "prefixed", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" },
                  "canaries": [ { "query": "{{Query}}", "expect": "rotation-page2-rotate90.pdf", "k": 1 } ] }
                """),
            services => services.AddSingleton<IEmbedder>(recording));

        await harness.Services.GetRequiredService<JobIngestion>().RunAsync("prefixed", "test", null, CancellationToken.None);

        Assert.Contains(Prefix + Query, recording.Texts);
        Assert.DoesNotContain(Query, recording.Texts);
        Assert.Contains(recording.Texts, t => !t.StartsWith(Prefix, StringComparison.Ordinal));
    }

    /// <summary>The real model reporting Arctic's query prefix, keeping every text it is asked to embed.</summary>
    private sealed class RecordingEmbedder(IEmbedder real) : IEmbedder
    {
        public ConcurrentQueue<string> Texts { get; } = new();

        public EmbeddingModelInfo Model => real.Model with { QueryPrefix = Prefix };

        public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            foreach (var text in texts)
            {
                Texts.Enqueue(text);
            }
            return real.EmbedAsync(texts, cancellationToken);
        }
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Embedding;
using Pipeline.Core.Telemetry;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.DeadLetters;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Metrics;

/// <summary>The product meter counts what the run summaries and the replay report, through the real pipeline and database.</summary>
public sealed class DeadLetterMetricsTests
{
    private const string Job = "metrics-poison";
    private const string Document = "dpr-paper-two-column.pdf";

    [Fact]
    public async Task Dead_letters_added_and_replayed_are_counted_as_the_runs_report_them()
    {
        using var folder = Corpus.CopyToTemp(Document);
        var poison = new PoisonTextEmbedder(SharedEmbedder.Value);
        await using var harness = await PipelineHarness.CreateAsync("metrics_poison",
            jobs => File.WriteAllText(jobs.File(Job + ".json"), JsonSerializer.Serialize(new
            {
                name = Job,
                schedule = "0 2 * * *",
                source = new { kind = "pdf-folder", path = folder.Path },
            })),
            services =>
            {
                services.AddSingleton<IEmbedder>(poison);
                services.AddSingleton(new EmbeddingRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });
            });
        using var recorded = new MeterRecorder(harness.Services.GetRequiredService<PipelineMetrics>().Meter);
        var chunks = await PoisonTarget.ChunksAsync(harness, Job, Document);
        // A whole chunk's text is in no other chunk (overlaps are whole sentences), so only calls holding it fail.
        poison.Marker = chunks[1].EmbeddingText;

        var sync = await harness.Services.GetRequiredService<JobIngestion>().RunAsync(Job, "test", null, CancellationToken.None);
        var afterSync = (Added: recorded.Sum("pipeline.dead_letters.added", ("job", Job)),
            Embedded: recorded.Sum("pipeline.embeddings.computed", ("job", Job)),
            Chunks: recorded.Sum("pipeline.chunks.written", ("job", Job)),
            New: recorded.Sum("pipeline.documents.processed", ("job", Job), ("outcome", "new")));
        poison.Marker = null;
        var replayed = await harness.Services.GetRequiredService<DeadLetterReplay>().ReplayAsync(null, CancellationToken.None);

        Assert.Equal(1, sync.DeadLetters);
        Assert.Equal((sync.DeadLetters, sync.EmbeddingsComputed, sync.ChunksWritten, (long)sync.Documents.New), afterSync);
        var resolved = Assert.Single(replayed);
        Assert.Equal("resolved", resolved.Outcome);
        Assert.Equal(1, recorded.Sum("pipeline.dead_letters.replayed", ("outcome", "resolved")));
        Assert.Equal(sync.DeadLetters, recorded.Sum("pipeline.dead_letters.added", ("job", Job)));
        Assert.Equal(2, recorded.Sum("pipeline.runs.completed", ("job", Job), ("status", "succeeded")));
        Assert.Equal(1, recorded.Sum("pipeline.documents.processed", ("job", Job), ("outcome", "changed")));
    }
}

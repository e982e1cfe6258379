using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Embedding;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.DeadLetters;

namespace Pipeline.Host.Tests.DeadLetters;

/// <summary>A chunk the model keeps failing on, through the real pipeline, database and CLI.</summary>
public sealed class DeadLetterTests
{
    private const string Job = "poison-test";
    private const string Document = "dpr-paper-two-column.pdf";

    [Fact]
    public async Task A_poison_chunk_is_dead_lettered_the_rest_indexed_and_replay_embeds_it_once_the_model_copes()
    {
        using var folder = Corpus.CopyToTemp(Document);
        var poison = new PoisonTextEmbedder(SharedEmbedder.Value);
        await using var harness = await PipelineHarness.CreateAsync("deadletters",
            jobs => File.WriteAllText(jobs.File(Job + ".json"), JsonSerializer.Serialize(new
            {
                name = Job,
                schedule = "0 2 * * *",
                source = new { kind = "pdf-folder", path = folder.Path },
            })),
            services =>
            {
                services.AddSingleton<IEmbedder>(poison);
                services.AddSingleton(new EmbeddingRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(20) });
            });
        var chunks = await PoisonTarget.ChunksAsync(harness, Job, Document);
        Assert.True(chunks.Count >= 3, $"{Document} should make several chunks, made {chunks.Count}");
        var target = chunks[1];
        poison.Marker = PoisonTarget.UniqueWindow(target.EmbeddingText, chunks.Where(c => c != target).Select(c => c.EmbeddingText).ToList());
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();

        var first = await ingestion.RunAsync(Job, "test", null, CancellationToken.None);
        var second = await ingestion.RunAsync(Job, "test", null, CancellationToken.None);

        Assert.Equal((1, 0, 1), (first.Documents.New, first.Documents.Failed, (int)first.DeadLetters));
        Assert.Equal(chunks.Count - 1, first.EmbeddingsComputed);
        Assert.True(poison.FailedCalls >= 2 * (1 + 2), "the whole batch and the chunk alone are each retried");
        // The next run retries the document by itself (its version was cleared); the healthy chunks' vectors are reused.
        Assert.Equal((1, 1, 0L), (second.Documents.Changed, (int)second.DeadLetters, second.EmbeddingsComputed));
        var row = Assert.Single(await harness.Services.GetRequiredService<DeadLetterStore>().ListAsync(null, CancellationToken.None));
        Assert.Equal((Job, "pdf:" + Job, Document, target.Ordinal, target.ContentHash, "embed", 2),
            (row.Job, row.Source, row.Document, row.Chunk, row.ContentHash, row.Stage, row.Attempts));
        Assert.StartsWith("InvalidOperationException: poison input", row.Error);
        Assert.True(row.LastSeen > row.FirstSeen);
        Assert.Equal(second.RunId, row.RunId);
        Assert.Equal($"chunk:pdf:{Job}/{Document}#{target.Ordinal}", row.PayloadRef);
        var stored = (await harness.ChunkIdsAsync())[Document];
        Assert.Equal(chunks.Count - 1, stored.Count);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks WHERE content_hash = @h", ("h", target.ContentHash)));
        Assert.True(await harness.ScalarAsync<bool>("SELECT source_version IS NULL FROM pipeline.documents WHERE external_id = @d", ("d", Document)));

        // The CLI runs the real model: the poison is gone for it.
        var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = harness.ConnectionString, ["PIPELINE_JOBS_DIR"] = harness.Jobs.Path };
        var list = await CliProcess.RunAsync(environment, "deadletters", "list", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        using (var listed = JsonDocument.Parse(list.Stdout))
        {
            var item = Assert.Single(listed.RootElement.EnumerateArray());
            Assert.Equal(row.Id, item.GetProperty("id").GetInt64());
            Assert.Equal(2, item.GetProperty("attempts").GetInt32());
            foreach (var key in new[] { "job", "source", "document", "chunk", "content_hash", "stage", "error", "first_seen", "last_seen", "run_id", "payload_ref" })
            {
                Assert.True(item.TryGetProperty(key, out _), $"missing {key}");
            }
        }

        var replay = await CliProcess.RunAsync(environment, "deadletters", "replay", "--all", "--json");
        Assert.True(replay.ExitCode == 0, replay.Stderr + replay.Stdout);
        using (var replayed = JsonDocument.Parse(replay.Stdout))
        {
            var document = Assert.Single(replayed.RootElement.EnumerateArray());
            Assert.Equal(("resolved", 0), (document.GetProperty("outcome").GetString(), document.GetProperty("remaining").GetInt32()));
        }
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.dead_letters"));
        var healed = (await harness.ChunkIdsAsync())[Document];
        Assert.Equal(chunks.Count, healed.Count);
        Assert.Equal(1L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks WHERE content_hash = @h", ("h", target.ContentHash)));
        Assert.True(await harness.ScalarAsync<bool>("SELECT source_version IS NOT NULL FROM pipeline.documents WHERE external_id = @d", ("d", Document)));

        var again = await CliProcess.RunAsync(environment, "deadletters", "replay", "--all", "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal("[]", again.Stdout.Trim());
        Assert.Equal(healed, (await harness.ChunkIdsAsync())[Document]);
        // With the document whole again, a sync (even with the poisoned model) finds it unchanged.
        var after = await ingestion.RunAsync(Job, "test", null, CancellationToken.None);
        Assert.Equal((1, 0L, 0L), (after.Documents.Unchanged, after.DeadLetters, after.EmbeddingsComputed));
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pgvector;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Models;
using Pipeline.Storage.Retrieval;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Index;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Tests.Models;

/// <summary>
/// Blue/green model switches on real PostgreSQL: plan, build from the stored chunks, activate under a polling reader,
/// the eval gate, dual writes during a build, and drop.
/// </summary>
public sealed class ModelSwitchTests
{
    private const string Job = "switch";
    private const string Dpr = "dpr-paper-two-column.pdf";
    private const string Second = "rotation-page2-rotate90.pdf";
    private const string Source = "pdf:" + Job;
    private const string MiniLm = "sentence-transformers/all-MiniLM-L6-v2";
    private const string Arctic = "Snowflake/snowflake-arctic-embed-xs";

    [Fact]
    public async Task Plan_counts_what_a_build_embeds_and_estimates_it_at_a_rate_measured_now_without_writing_anything()
    {
        using var folder = Corpus.CopyToTemp(Dpr);
        await using var harness = await CreateAsync("models_plan", folder.Path, withQuestions: true);
        await SyncAsync(harness);

        var plan = await harness.Services.GetRequiredService<ModelPlanner>().PlanAsync(Job, "arctic-embed-xs", CancellationToken.None);

        var chunks = await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks");
        var tokens = await harness.ScalarAsync<long>("SELECT sum(token_count + 2) FROM pipeline.chunks");
        Assert.Equal((Job, Source, Arctic, MiniLm), (plan.Job, plan.Source, plan.Model, plan.ActiveModel));
        Assert.Equal((chunks, 0L, chunks, tokens), (plan.Chunks, plan.AlreadyEmbedded, plan.ToEmbed, plan.Tokens));
        Assert.Equal((int)Math.Min(chunks, ModelPlanner.SampleSize), plan.SampleChunks);
        Assert.True(plan.TokensPerSecond > 0);
        Assert.InRange(plan.EstimatedSeconds, tokens / plan.TokensPerSecond - 0.2, tokens / plan.TokensPerSecond + 0.2);
        Assert.NotNull(plan.Evaluation);
        Assert.True(plan.Evaluation.Active.Mrr > 0, "MiniLM finds the DPR answer");
        Assert.Null(plan.Evaluation.Candidate);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunk_vectors WHERE model = @m", ("m", Arctic)));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.model_builds"));
    }

    [Fact]
    public async Task A_build_embeds_from_the_index_alone_as_a_sync_would_and_resumes_after_a_kill_with_only_the_rest()
    {
        using var folder = Corpus.CopyToTemp(Dpr);
        using var direct = Corpus.CopyToTemp(Dpr);
        await using var harness = await CreateAsync("models_build", folder.Path, withQuestions: false, extraJobs: jobs => WriteJob(jobs, "direct", direct.Path, "arctic-embed-xs"));
        await SyncAsync(harness);
        var total = await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.source = @s", ("s", Source));
        // Never re-extracting: the build works with the source folder emptied.
        foreach (var file in Directory.GetFiles(folder.Path))
        {
            File.Delete(file);
        }
        var build = await harness.Services.GetRequiredService<ModelSwitch>().OpenBuildAsync(Job, "arctic-embed-xs", CancellationToken.None);
        var runner = harness.Services.GetRequiredService<ModelBuildRunner>();

        // Killed after its first committed batch of 8.
        using (var kill = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(build.Id, new SynchronousProgress(kill.Cancel), kill.Token, batchSize: 8));
        }
        Assert.Equal(8L, await ArcticVectorsAsync(harness, Source));
        Assert.Equal(ModelBuild.Building, (await harness.Services.GetRequiredService<ModelBuilds>().GetAsync(build.Id, CancellationToken.None))!.Status);

        long embeddedByResume = 0;
        var done = await runner.RunAsync(build.Id, new SynchronousProgress(p => embeddedByResume = Math.Max(embeddedByResume, p.Embedded)), CancellationToken.None, batchSize: 8);

        Assert.Equal(ModelBuild.Built, done!.Status);
        Assert.Equal((total, total), (done.ChunksDone, done.ChunksTotal));
        Assert.Equal(total - 8, embeddedByResume);
        Assert.Equal(total, await ArcticVectorsAsync(harness, Source));

        // The same PDF synced by a job that embeds with Arctic from the start: the same vector for the same embedded text.
        await harness.Services.GetRequiredService<JobIngestion>().RunAsync("direct", "test", null, CancellationToken.None);
        var pairs = await PairedVectorsAsync(harness);
        Assert.Equal(total, pairs.Count);
        Assert.All(pairs, p => Assert.True(Cosine(p.Built, p.Synced) > 0.9999, $"cosine {Cosine(p.Built, p.Synced)}"));
    }

    [Fact]
    public async Task Activate_refuses_an_incomplete_model_and_switches_atomically_under_a_reader_polling_through_build_and_switches()
    {
        using var folder = Corpus.CopyToTemp(Dpr);
        await using var harness = await CreateAsync("models_activate", folder.Path, withQuestions: false);
        await SyncAsync(harness);
        var switcher = harness.Services.GetRequiredService<ModelSwitch>();
        var refused = await Assert.ThrowsAsync<ModelSwitchRefusedException>(() => switcher.ActivateAsync(Job, "arctic-embed-xs", force: false, CancellationToken.None));
        Assert.Contains("models build switch --model arctic-embed-xs", refused.Message);

        var retriever = harness.Services.GetRequiredService<Retriever>();
        using var stop = new CancellationTokenSource();
        var seen = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var hits = await retriever.SearchAsync("dense passage retrieval for open-domain question answering", 5, Pipeline.Storage.Access.SearchCaller.Anonymous, CancellationToken.None);
                Assert.Equal(5, hits.Count);
                seen.Add(Assert.Single(hits.Select(h => h.Model).Distinct()));
            }
        });
        var build = await switcher.OpenBuildAsync(Job, "arctic-embed-xs", CancellationToken.None);
        await harness.Services.GetRequiredService<ModelBuildRunner>().RunAsync(build.Id, null, CancellationToken.None, batchSize: 8);
        foreach (var model in new[] { "arctic-embed-xs", "all-MiniLM-L6-v2", "arctic-embed-xs" })
        {
            await switcher.ActivateAsync(Job, model, force: false, CancellationToken.None);
            var before = seen.Count;
            await WaitUntilAsync(() => seen.Count > before + 2);
        }
        await stop.CancelAsync();
        await reader;

        Assert.Equal(Arctic, await harness.ScalarAsync<string>("SELECT model FROM pipeline.source_models WHERE source = @s", ("s", Source)));
        // Every answer came from one model, and the switches show in order: MiniLM, Arctic, MiniLM, Arctic.
        var runs = seen.Where((m, i) => i == 0 || seen[i - 1] != m).ToList();
        Assert.Equal([MiniLm, Arctic, MiniLm, Arctic], runs);
    }

    [Fact]
    public async Task Activate_refuses_a_model_that_ranks_worse_on_the_jobs_questions_unless_forced()
    {
        using var folder = Corpus.CopyToTemp(Dpr);
        await using var harness = await CreateAsync("models_gate", folder.Path, withQuestions: true);
        await SyncAsync(harness);
        var switcher = harness.Services.GetRequiredService<ModelSwitch>();
        var build = await switcher.OpenBuildAsync(Job, "arctic-embed-xs", CancellationToken.None);
        await harness.Services.GetRequiredService<ModelBuildRunner>().RunAsync(build.Id, null, CancellationToken.None);
        // Arctic's vectors of every chunk holding the answer point away from the question: it cannot rank them.
        var query = (await harness.Services.GetRequiredService<Retriever>().EmbedQueriesAsync([Question], "arctic-embed-xs", CancellationToken.None))[0];
        await using (var command = harness.DataSource.CreateCommand(
            "UPDATE pipeline.chunk_vectors v SET embedding = @away FROM pipeline.chunks c WHERE v.chunk_id = c.id AND v.model = @m AND c.text ILIKE '%' || @answer || '%'"))
        {
            command.Parameters.AddWithValue("away", new Vector(query.Select(x => -x).ToArray()));
            command.Parameters.AddWithValue("m", Arctic);
            command.Parameters.AddWithValue("answer", Answer);
            Assert.True(await command.ExecuteNonQueryAsync() > 0);
        }

        var refused = await Assert.ThrowsAsync<ModelSwitchRefusedException>(() => switcher.ActivateAsync(Job, "arctic-embed-xs", force: false, CancellationToken.None));
        Assert.Contains("ranks worse", refused.Message);
        Assert.Contains("--force", refused.Message);
        Assert.Equal(MiniLm, await harness.ScalarAsync<string>("SELECT model FROM pipeline.source_models"));

        var forced = await switcher.ActivateAsync(Job, "arctic-embed-xs", force: true, CancellationToken.None);
        Assert.True(forced.Forced);
        Assert.True(forced.Evaluation!.Candidate!.Mrr < forced.Evaluation.Active.Mrr);
        Assert.Equal(Arctic, await harness.ScalarAsync<string>("SELECT model FROM pipeline.source_models"));
    }

    [Fact]
    public async Task While_a_build_is_open_syncs_write_both_models_and_drop_removes_the_old_vectors_but_never_the_active_ones()
    {
        using var folder = Corpus.CopyToTemp(Dpr);
        await using var harness = await CreateAsync("models_dual", folder.Path, withQuestions: false);
        await SyncAsync(harness);
        var switcher = harness.Services.GetRequiredService<ModelSwitch>();
        var build = await switcher.OpenBuildAsync(Job, "arctic-embed-xs", CancellationToken.None);
        File.Copy(Corpus.Pdf(Second), Path.Combine(folder.Path, Second));

        var sync = await SyncAsync(harness);

        Assert.Equal(1, sync.Documents.New);
        var secondChunks = await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.external_id = @d", ("d", Second));
        Assert.Equal(secondChunks, await VectorsOfDocumentAsync(harness, Second, MiniLm));
        Assert.Equal(secondChunks, await VectorsOfDocumentAsync(harness, Second, Arctic));
        Assert.Equal(0L, await VectorsOfDocumentAsync(harness, Dpr, Arctic));

        await harness.Services.GetRequiredService<ModelBuildRunner>().RunAsync(build.Id, null, CancellationToken.None);
        var verification = harness.Services.GetRequiredService<IndexVerification>();
        var beforeSwitch = await verification.CheckAsync(5, CancellationToken.None);
        Assert.True(beforeSwitch.Clean);
        Assert.Equal(Arctic, Assert.Single(beforeSwitch.InactiveVectors).ModelId);
        await switcher.ActivateAsync(Job, "arctic-embed-xs", force: false, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ModelSwitchRefusedException>(() => switcher.DropAsync(Job, "arctic-embed-xs", CancellationToken.None));
        Assert.Contains("active model", refused.Message);

        var removed = await switcher.DropAsync(Job, "all-MiniLM-L6-v2", CancellationToken.None);

        var chunks = await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks");
        Assert.Equal(chunks, removed);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunk_vectors WHERE model = @m", ("m", MiniLm)));
        var after = await verification.CheckAsync(5, CancellationToken.None);
        Assert.True(after.Clean);
        Assert.Empty(after.InactiveVectors);
        Assert.Equal(Arctic, Assert.Single(after.ActiveModels).ModelId);
    }

    private const string Question = "What is the name of the retriever that uses dense representations learned from question and passage pairs?";
    private const string Answer = "Dense Passage Retriever";

    private static Task<PipelineHarness> CreateAsync(string name, string folder, bool withQuestions, Action<TempFolder>? extraJobs = null) =>
        PipelineHarness.CreateAsync(name, jobs =>
        {
            if (withQuestions)
            {
                File.WriteAllText(jobs.File("questions.jsonl"), JsonSerializer.Serialize(new { id = "dpr-1", file = Dpr, page = 1, question = Question, answer = Answer }) + "\n");
            }
            WriteJob(jobs, Job, folder, "all-MiniLM-L6-v2", withQuestions ? "questions.jsonl" : null);
            extraJobs?.Invoke(jobs);
        });

    private static void WriteJob(TempFolder jobs, string name, string folder, string model, string? questions = null) =>
        File.WriteAllText(jobs.File(name + ".json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = name,
            ["schedule"] = "0 2 * * *",
            ["source"] = new { kind = "pdf-folder", path = folder },
            ["embedding"] = new { model },
            ["evaluation"] = questions is null ? null! : new { questions },
        }.Where(p => p.Value is not null).ToDictionary()));

    private static Task<Core.Runs.RunSummary> SyncAsync(PipelineHarness harness) =>
        harness.Services.GetRequiredService<JobIngestion>().RunAsync(Job, "test", null, CancellationToken.None);

    private static Task<long> ArcticVectorsAsync(PipelineHarness harness, string source) => harness.ScalarAsync<long>(
        "SELECT count(*) FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id WHERE v.model = @m AND d.source = @s",
        ("m", Arctic), ("s", source));

    private static Task<long> VectorsOfDocumentAsync(PipelineHarness harness, string document, string model) => harness.ScalarAsync<long>(
        "SELECT count(*) FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id WHERE v.model = @m AND d.external_id = @d",
        ("m", model), ("d", document));

    /// <summary>Built vectors of the switch job beside the vectors the Arctic job computed while syncing, by content hash.</summary>
    private static async Task<List<(float[] Built, float[] Synced)>> PairedVectorsAsync(PipelineHarness harness)
    {
        await using var command = harness.DataSource.CreateCommand(
            """
            SELECT b.embedding, s.embedding
            FROM pipeline.chunks bc JOIN pipeline.documents bd ON bd.id = bc.document_id AND bd.source = 'pdf:switch'
            JOIN pipeline.chunk_vectors b ON b.chunk_id = bc.id AND b.model = @m
            JOIN pipeline.chunks sc ON sc.content_hash = bc.content_hash
            JOIN pipeline.documents sd ON sd.id = sc.document_id AND sd.source = 'pdf:direct'
            JOIN pipeline.chunk_vectors s ON s.chunk_id = sc.id AND s.model = @m
            """);
        command.Parameters.AddWithValue("m", Arctic);
        var pairs = new List<(float[], float[])>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pairs.Add((reader.GetFieldValue<Vector>(0).ToArray(), reader.GetFieldValue<Vector>(1).ToArray()));
        }
        return pairs;
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum()
        / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the reader made no progress");
            await Task.Delay(20);
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, too late to stop the next batch).</summary>
    private sealed class SynchronousProgress(Action<ModelBuildProgress> report) : IProgress<ModelBuildProgress>
    {
        public SynchronousProgress(Action cancel) : this(_ => cancel()) { }

        public void Report(ModelBuildProgress value) => report(value);
    }
}

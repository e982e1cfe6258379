using Pipeline.Core.Drift;
using Pipeline.Host.Alerts;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Core.Embedding;
using Pipeline.Embeddings;
using Pipeline.Storage.Monitoring;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>
/// The sources that read the monitoring tables (through JobHealthReport) against real rows written by the stores
/// the run monitor uses: each fires for the unhealthy job and stays quiet for the healthy and the recovered one.
/// </summary>
public sealed class MonitoringConditionSourceTests
{
    private static readonly DateTimeOffset Now = AlertRig.Start;

    [Fact]
    public async Task Drift_fires_one_condition_per_job_listing_every_crossed_figure_and_a_job_within_its_thresholds_stays_quiet()
    {
        await using var rig = await AlertRig.CreateAsync("drifting", "steady", "recovered");
        var drifting = await rig.AddRunAsync("drifting", "succeeded", Now.AddHours(-1));
        await rig.AddFiguresAsync(drifting, "drifting",
            new RunFigure(RunFigureNames.CentroidShift, 0.3127, 0.2, true),
            new RunFigure(RunFigureNames.TokenLengthPsi, 0.1, 0.2734, false),
            new RunFigure(RunFigureNames.OcrShare, 0.7, 0.5, true),
            new RunFigure(RunFigureNames.CanaryRecall, 0.5, 1, true),
            RunFigure.Recorded(RunFigureNames.NewChunks, 40));
        var steady = await rig.AddRunAsync("steady", "succeeded", Now.AddHours(-1));
        await rig.AddFiguresAsync(steady, "steady", new RunFigure(RunFigureNames.CentroidShift, 0.05, 0.2, false), new RunFigure(RunFigureNames.OcrShare, 0, 0.5, false));
        var before = await rig.AddRunAsync("recovered", "succeeded", Now.AddHours(-2));
        await rig.AddFiguresAsync(before, "recovered", new RunFigure(RunFigureNames.SimilarityPsi, 0.9, 0.3, true));
        var after = await rig.AddRunAsync("recovered", "succeeded", Now.AddHours(-1));
        await rig.AddFiguresAsync(after, "recovered", new RunFigure(RunFigureNames.SimilarityPsi, 0.1, 0.3, false));

        var firing = await new DriftConditionSource(rig.Health).FiringAsync(Now, CancellationToken.None);

        var condition = Assert.Single(firing);
        Assert.Equal(("drift:drifting", "drifting", "drifting centroid_shift 0.313 > 0.2, ocr_share 0.7 > 0.5"), (condition.Key, condition.Job, condition.Title));
        Assert.Equal(
            [new AlertFigure("centroid_shift", "0.313", "> 0.2"), new AlertFigure("ocr_share", "0.7", "> 0.5"), new AlertFigure("new_chunks", "40"), new AlertFigure("run", $"#{drifting}")],
            condition.Figures);
        Assert.Equal(("alert-drift.md", "/hangfire/pipeline/drift"), (condition.Runbook, condition.DashboardPage));
    }

    [Fact]
    public async Task Canary_fires_below_the_minimum_recall_listing_the_missed_queries_and_a_passing_job_stays_quiet()
    {
        await using var rig = await AlertRig.CreateAsync("regressed", "passing");
        var regressed = await rig.AddRunAsync("regressed", "succeeded", Now.AddHours(-1));
        await rig.AddCanaryResultsAsync(regressed, "regressed",
            new CanaryResult("what to check first when the database is unreachable", "incident-response.pdf", 2, null, "architecture.pdf"),
            new CanaryResult("how a failed sync is retried", "jobs-and-retries.pdf", 2, 1, "jobs-and-retries.pdf"));
        await rig.AddFiguresAsync(regressed, "regressed", RunFigure.AtLeast(RunFigureNames.CanaryRecall, 0.5, 1));
        var passing = await rig.AddRunAsync("passing", "succeeded", Now.AddHours(-1));
        await rig.AddCanaryResultsAsync(passing, "passing", new CanaryResult("how a failed sync is retried", "jobs-and-retries.pdf", 2, 2, "architecture.pdf"));
        await rig.AddFiguresAsync(passing, "passing", RunFigure.AtLeast(RunFigureNames.CanaryRecall, 1, 1));

        var firing = await new CanaryConditionSource(rig.Health).FiringAsync(Now, CancellationToken.None);

        var condition = Assert.Single(firing);
        Assert.Equal(("canary:regressed", "regressed canary recall 0.5 < 1, 1 of 2 missed"), (condition.Key, condition.Title));
        Assert.Contains(new AlertFigure("recall@k", "0.5", "< 1"), condition.Figures);
        Assert.Contains(new AlertFigure("missed \"what to check first when the database is unreachable\"",
            "expected incident-response.pdf in the top 2; first found: architecture.pdf"), condition.Figures);
        Assert.DoesNotContain(condition.Figures, f => f.Name.Contains("retried", StringComparison.Ordinal));
        Assert.Equal(("alert-canary.md", "/hangfire/pipeline/drift"), (condition.Runbook, condition.DashboardPage));
    }

    [Fact]
    public async Task Mixed_model_fires_when_the_active_models_vectors_come_from_two_graphs_or_another_graph_and_inactive_vectors_stay_quiet()
    {
        await using var rig = await AlertRig.CreateAsync("mixed", "other-graph", "clean");
        var miniLm = SharedEmbedder.Value.Model;
        var arctic = new EmbeddingModelInfo(ModelRegistry.ArcticXs.Name, ModelRegistry.ArcticXs.Sha256, 384, 512);
        const string OldSha = "0000000000000000000000000000000000000000000000000000000000000001";
        foreach (var job in new[] { "mixed", "other-graph", "clean" })
        {
            await rig.AddRunAsync(job, "succeeded", Now.AddHours(-1));
        }
        await rig.AddChunksAsync("pdf:mixed", "a.pdf", miniLm, miniLm.Sha256, 3);
        await rig.AddChunksAsync("pdf:mixed", "b.pdf", miniLm, OldSha, 2);
        await rig.AddChunksAsync("pdf:other-graph", "c.pdf", miniLm, OldSha, 4);
        // Active MiniLM, and Arctic vectors of another document waiting for a switch: not mixed.
        await rig.AddChunksAsync("pdf:clean", "d.pdf", miniLm, miniLm.Sha256, 5);
        await rig.AddChunksAsync("pdf:clean", "e.pdf", arctic, arctic.Sha256, 2);

        var firing = (await new MixedModelConditionSource(rig.Health).FiringAsync(Now, CancellationToken.None)).OrderBy(c => c.Key).ToList();

        Assert.Equal(["mixed-model:mixed", "mixed-model:other-graph"], firing.Select(c => c.Key));
        Assert.Equal("mixed source pdf:mixed: 2 vectors not computed by the packaged model", firing[0].Title);
        Assert.Contains(new AlertFigure("model hashes among the active model's vectors", "2", "> 1 or not the packaged model"), firing[0].Figures);
        Assert.Contains(new AlertFigure($"vectors of {miniLm.Id} {OldSha}", "2"), firing[0].Figures);
        Assert.Contains(new AlertFigure("vectors of another graph", "4", "> 0"), firing[1].Figures);
        Assert.Equal("mixed-model-index.md", firing[1].Runbook);
    }

    [Fact]
    public async Task Freshness_judges_each_job_by_its_own_sla_and_a_job_without_one_by_its_schedule()
    {
        await using var rig = await AlertRig.CreateWithJobsAsync(
            ("tight", "\"freshness\": { \"slaHours\": 4 }"), ("relaxed", "\"freshness\": { \"slaHours\": 48 }"), ("nightly", ""));
        await rig.AddRunAsync("tight", "succeeded", Now.AddHours(-5));
        await rig.AddRunAsync("relaxed", "succeeded", Now.AddHours(-30));
        await rig.AddRunAsync("nightly", "succeeded", Now.AddHours(-27));

        var firing = (await new FreshnessConditionSource(new LastSuccessfulSyncQuery(rig.DataSource), rig.Catalog).FiringAsync(Now, CancellationToken.None)).OrderBy(c => c.Key).ToList();

        Assert.Equal(["freshness:nightly", "freshness:tight"], firing.Select(c => c.Key));
        Assert.Equal("nightly last successful sync 27.0 h ago > 26.0 h", firing[0].Title);
        Assert.Equal("tight last successful sync 5.0 h ago > 4.0 h", firing[1].Title);
    }
}

using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Dashboard.Trends;
using Pipeline.Host.Jobs;
using Pipeline.Host.Scheduling;
using Pipeline.Storage.DeadLetters;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// The pipeline's pages in the Hangfire dashboard. Hangfire keeps routes and navigation in static collections, so
/// <see cref="UsePipelinePages"/> adds them once per process; every request takes its services from its own host.
/// </summary>
public static class PipelinePages
{
    private static int _added;

    public static void UsePipelinePages()
    {
        if (Interlocked.Exchange(ref _added, 1) == 1)
        {
            return;
        }
        var routes = DashboardRoutes.Routes;
        // Commands first: the page patterns below would not match them, but keeping POST paths apart reads clearer.
        routes.Add(DashboardLinks.Sources + "/(?<job>[^/]+)/sync", new OperatorCommandDispatcher(SyncNowAsync));
        routes.Add(DashboardLinks.Sources + "/(?<job>[^/]+)/confirm-deletions", new OperatorCommandDispatcher(ConfirmDeletionsAsync));
        routes.Add(DashboardLinks.DeadLetters + "/(?<id>[0-9]+)/replay", new OperatorCommandDispatcher(ReplayOneAsync));
        routes.Add(DashboardLinks.DeadLetters + "/replay-all", new OperatorCommandDispatcher(ReplayAllAsync));
        routes.Add(DashboardLinks.Models + "/(?<job>[^/]+)/(?<action>plan|build|activate|drop)", new ModelsPageDispatcher(command: true));

        routes.Add(DashboardLinks.Sources, new PageDispatcher("Sources", async r =>
            SourcesPageHtml.Render(await r.Services.GetRequiredService<SourcesQuery>().LoadAsync(r.Cancellation), r.Links, r.CanOperate, DateTimeOffset.UtcNow)));
        routes.Add(DashboardLinks.Runs, new PageDispatcher("Runs", async r =>
        {
            var offset = int.TryParse(r.Query("from"), out var from) && from > 0 ? from : 0;
            var (runs, total) = await r.Services.GetRequiredService<RunsQuery>().PageAsync(offset, RunsPageHtml.PageSize, r.Cancellation);
            return RunsPageHtml.Render(runs, offset, total, r.Links);
        }));
        routes.Add(DashboardLinks.Runs + "/(?<id>[0-9]+)", new PageDispatcher("Run", async r =>
        {
            var query = r.Services.GetRequiredService<RunsQuery>();
            var id = long.Parse(r.Route("id"), System.Globalization.CultureInfo.InvariantCulture);
            return await query.FindAsync(id, r.Cancellation) is { } run
                ? RunDetailPageHtml.Render(run, await query.FailuresAsync(id, r.Cancellation), r.Links)
                : null;
        }));
        routes.Add(DashboardLinks.Quality, new PageDispatcher("Quality", async r => await QualityPageHtml.RenderAsync(r.Services, r.Cancellation)));
        routes.Add(DashboardLinks.DeadLetters, new PageDispatcher("Dead letters", async r =>
            DeadLettersPageHtml.Render(await r.Services.GetRequiredService<DeadLetterStore>().ListAsync(null, r.Cancellation), r.Links, r.CanOperate)));
        routes.Add(DashboardLinks.Drift, new PageDispatcher("Drift", async r =>
            DriftPageHtml.Render(await r.Services.GetRequiredService<DriftQuery>().LoadAsync(r.Cancellation), r.Links)));
        routes.Add(DashboardLinks.Models, new ModelsPageDispatcher(command: false));
        routes.Add(DashboardLinks.Trends, new PageDispatcher("Trends", r => TrendsAsync(r, null)));
        routes.Add(DashboardLinks.Trends + "/(?<job>[^/]+)", new PageDispatcher("Trends", r => TrendsAsync(r, Uri.UnescapeDataString(r.Route("job")))));

        AddMenuItem("Sources", DashboardLinks.Sources);
        AddMenuItem("Runs", DashboardLinks.Runs);
        AddMenuItem("Quality", DashboardLinks.Quality);
        AddMenuItem("Dead letters", DashboardLinks.DeadLetters);
        AddMenuItem("Drift", DashboardLinks.Drift);
        AddMenuItem("Models", DashboardLinks.Models);
        AddMenuItem("Trends", DashboardLinks.Trends);
    }

    private static void AddMenuItem(string title, string path) =>
        NavigationMenu.Items.Add(page => new MenuItem(title, page.Url.To(path)) { Active = page.RequestPath.StartsWith(path, StringComparison.OrdinalIgnoreCase) });

    /// <summary>Every job's trends, or one job's (404 for a job not in jobs/), over the window of <c>?runs=</c>.</summary>
    private static async Task<string?> TrendsAsync(PageRequest request, string? job)
    {
        var runs = TrendsQuery.Window(request.Query("runs"));
        var jobs = await request.Services.GetRequiredService<TrendsQuery>().LoadAsync(job, runs, request.Cancellation);
        return jobs is null ? null : TrendsPageHtml.Render(jobs, runs, request.Links, job);
    }

    /// <summary>The same job and arguments as the recurring job, with the trigger saying who asked.</summary>
    private static Task<bool> SyncNowAsync(PageRequest request)
    {
        var name = Uri.UnescapeDataString(request.Route("job"));
        if (request.Services.GetRequiredService<JobCatalog>().Jobs.All(j => j.Name != name))
        {
            return Task.FromResult(false);
        }
        request.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<IngestJob>(j => j.RunAsync(name, Trigger, CancellationToken.None));
        return Task.FromResult(true);
    }

    /// <summary>An operator's go-ahead for a sync its deletion limit blocked: one full sync without the limit.</summary>
    private static Task<bool> ConfirmDeletionsAsync(PageRequest request)
    {
        var name = Uri.UnescapeDataString(request.Route("job"));
        if (request.Services.GetRequiredService<JobCatalog>().Jobs.All(j => j.Name != name))
        {
            return Task.FromResult(false);
        }
        request.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<IngestJob>(j => j.RunConfirmingDeletionsAsync(name, Trigger, CancellationToken.None));
        return Task.FromResult(true);
    }

    private static async Task<bool> ReplayOneAsync(PageRequest request)
    {
        var id = long.Parse(request.Route("id"), System.Globalization.CultureInfo.InvariantCulture);
        if ((await request.Services.GetRequiredService<DeadLetterStore>().ListAsync(id, request.Cancellation)).Count == 0)
        {
            return false;
        }
        request.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DeadLetterReplayJob>(j => j.ReplayOneAsync(id, CancellationToken.None));
        return true;
    }

    private static Task<bool> ReplayAllAsync(PageRequest request)
    {
        request.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DeadLetterReplayJob>(j => j.ReplayAllAsync(CancellationToken.None));
        return Task.FromResult(true);
    }

    /// <summary>The <c>trigger</c> of runs started from the Sources page.</summary>
    public const string Trigger = "dashboard";
}

using Pipeline.Host.Jobs;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Dashboard;

/// <summary>Every job in jobs/, with its newest sync run and last successful sync; jobs that never ran are listed too.</summary>
public sealed class SourcesQuery(JobCatalog catalog, RunsQuery runs, LastSuccessfulSyncQuery lastSuccess)
{
    public async Task<IReadOnlyList<SourceRow>> LoadAsync(CancellationToken cancellationToken)
    {
        var latest = await runs.LatestSyncsAsync(cancellationToken);
        var successes = (await lastSuccess.ReadAsync(catalog.Jobs.Select(j => j.Name), cancellationToken)).ToDictionary(s => s.Job);
        return catalog.Jobs.Select(job => new SourceRow(job.Name, job.Source.Kind, Location(job.Source), job.Schedule, job.Enabled,
            successes[job.Name].At, latest.GetValueOrDefault(job.Name))).ToList();
    }

    private static string Location(SourceSettings source) => source.Kind switch
    {
        "pdf-folder" => source.Path ?? "",
        _ when source.Jql is { Length: > 0 } jql => $"{source.Site} ({jql})",
        _ when source.Spaces.Count > 0 => $"{source.Site} (spaces {string.Join(", ", source.Spaces)})",
        _ when source.Projects.Count > 0 => $"{source.Site} (projects {string.Join(", ", source.Projects)})",
        _ => source.Site ?? "",
    };
}

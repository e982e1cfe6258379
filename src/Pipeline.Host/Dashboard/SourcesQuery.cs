using Pipeline.Host.Jobs;

namespace Pipeline.Host.Dashboard;

/// <summary>Every job in jobs/, with its newest sync run and last success; jobs that never ran are listed too.</summary>
public sealed class SourcesQuery(JobCatalog catalog, RunsQuery runs)
{
    public async Task<IReadOnlyList<SourceRow>> LoadAsync(CancellationToken cancellationToken)
    {
        var latest = await runs.LatestSyncsAsync(cancellationToken);
        return catalog.Jobs.Select(job =>
        {
            var (last, success) = latest.TryGetValue(job.Name, out var found) ? found : (null, null);
            return new SourceRow(job.Name, job.Source.Kind, Location(job.Source), job.Schedule, job.Enabled, success, last);
        }).ToList();
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

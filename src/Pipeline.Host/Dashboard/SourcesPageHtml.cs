using System.Text;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// The Sources page: each job's freshness and last run, with "Sync now" for operators, and "Confirm deletions"
/// where the last sync was blocked by the job's deletion limit.
/// </summary>
public static class SourcesPageHtml
{
    public static string Render(IReadOnlyList<SourceRow> sources, DashboardLinks links, bool canOperate, DateTimeOffset now)
    {
        var html = new StringBuilder();
        Header(html, "Sources", "Each job in jobs/: when it last synced successfully, and what its newest sync did.");
        if (sources.Count == 0)
        {
            Empty(html, "No jobs: add a job file to jobs/ and restart the service.");
            Footer(html);
            return html.ToString();
        }
        string[] headings = ["Job", "Source", "Schedule (UTC)", "Last successful sync", "Age", "Last run",
            "Seen", "New", "Changed", "Unchanged", "Deleted", "Failed", "Embeddings", "Seconds"];
        TableStart(html, "pipeline-sources", canOperate ? [.. headings, ""] : headings);
        foreach (var source in sources)
        {
            var run = source.LastRun;
            var counts = run?.Summary?.Documents;
            html.Append("<tr data-job=\"").Append(E(source.Job)).Append("\">")
                .Append("<td><strong>").Append(E(source.Job)).Append("</strong> <small>").Append(Link(links.TrendsOf(source.Job), "trends")).Append("</small>")
                .Append(source.Enabled ? "" : " <span class=\"label label-default\">disabled</span>").Append("</td>")
                .Append("<td>").Append(E(source.Kind)).Append("<br><small class=\"text-muted\">").Append(E(source.Location)).Append("</small></td>")
                .Append("<td><code>").Append(E(source.Schedule)).Append("</code></td>")
                .Append("<td>").Append(source.LastSuccess is { } at ? Time(at) : "never").Append("</td>")
                .Append("<td>").Append(source.LastSuccess is { } s ? E(Age(now - s)) : "—").Append("</td>")
                .Append("<td>").Append(run is null ? "none" : $"{Link(links.Run(run.Id), $"#{run.Id}")} {Status(run.Status)}").Append("</td>");
            foreach (var value in new int?[] { counts?.Seen, counts?.New, counts?.Changed, counts?.Unchanged, counts?.Deleted, counts?.Failed })
            {
                html.Append("<td>").Append(value is null ? "—" : E(value)).Append("</td>");
            }
            html.Append("<td>").Append(run?.Summary is { } summary ? E(summary.EmbeddingsComputed) : "—").Append("</td>")
                .Append("<td>").Append(run?.Summary is { } timed ? E(Seconds(timed.Seconds)) : "—").Append("</td>");
            if (canOperate)
            {
                html.Append("<td>").Append(Button(links.SyncNow(source.Job), "Sync now"));
                // Only where the last sync was blocked by the job's deletion limit: the button lifts it for one sync.
                if (run is { Status: "failed", Error: { } error } && error.Contains(Ingestion.DeletionBlockedException.Marker, StringComparison.Ordinal))
                {
                    html.Append(' ').Append(Button(links.ConfirmDeletions(source.Job), "Confirm deletions", "btn-danger",
                        confirm: "Run a full sync that deletes what the source no longer has, beyond the job's limit?"));
                }
                html.Append("</td>");
            }
            html.Append("</tr>");
        }
        TableEnd(html);
        Footer(html);
        return html.ToString();
    }
}

using System.Text;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>The Runs page: recent runs, newest first, a page at a time.</summary>
public static class RunsPageHtml
{
    public const int PageSize = 20;

    public static string Render(IReadOnlyList<RunRow> runs, int offset, long total, DashboardLinks links)
    {
        var html = new StringBuilder();
        Header(html, "Runs", $"{total} run(s); newest first. A run is a sync of a source or the re-ingestion of one document.");
        if (runs.Count == 0)
        {
            Empty(html, total == 0 ? "No runs yet." : "No runs on this page.");
        }
        else
        {
            TableStart(html, "pipeline-runs", "Run", "Job", "Source", "Trigger", "Kind", "Mode", "Status", "Started", "Finished", "Duration",
                "Seen", "New", "Changed", "Unchanged", "Deleted", "Access lost", "Failed", "Dead letters", "Error");
            foreach (var run in runs)
            {
                var counts = run.Summary?.Documents;
                html.Append("<tr>")
                    .Append("<td>").Append(Link(links.Run(run.Id), $"#{run.Id}")).Append("</td>")
                    .Append("<td>").Append(E(run.Job)).Append("</td>")
                    .Append("<td><small>").Append(E(run.Source)).Append("</small></td>")
                    .Append("<td>").Append(E(run.Trigger)).Append("</td>")
                    .Append("<td>").Append(E(run.Kind)).Append("</td>")
                    .Append("<td>").Append(E(run.Mode ?? "")).Append("</td>")
                    .Append("<td>").Append(Status(run.Status)).Append("</td>")
                    .Append("<td>").Append(Time(run.StartedAt)).Append("</td>")
                    .Append("<td>").Append(Time(run.FinishedAt)).Append("</td>")
                    .Append("<td>").Append(run.Duration is { } d ? E(Seconds(d.TotalSeconds)) : "—").Append("</td>");
                foreach (var value in new int?[] { counts?.Seen, counts?.New, counts?.Changed, counts?.Unchanged, counts?.Deleted, counts?.AccessLost, counts?.Failed })
                {
                    html.Append("<td>").Append(value is null ? "—" : E(value)).Append("</td>");
                }
                html.Append("<td>").Append(run.Summary is { } s ? E(s.DeadLetters) : "—").Append("</td>")
                    .Append("<td><small>").Append(E(run.Error ?? "")).Append("</small></td>")
                    .Append("</tr>");
            }
            TableEnd(html);
        }
        Pager(html, offset, total, links);
        Footer(html);
        return html.ToString();
    }

    private static void Pager(StringBuilder html, int offset, long total, DashboardLinks links)
    {
        if (total <= PageSize)
        {
            return;
        }
        html.Append("<ul class=\"pager\">");
        if (offset > 0)
        {
            html.Append("<li class=\"previous\">").Append(Link(links.RunsFrom(Math.Max(0, offset - PageSize)), "← Newer")).Append("</li>");
        }
        html.Append("<li>").Append(E($"{offset + 1}–{Math.Min(total, offset + PageSize)} of {total}")).Append("</li>");
        if (offset + PageSize < total)
        {
            html.Append("<li class=\"next\">").Append(Link(links.RunsFrom(offset + PageSize), "Older →")).Append("</li>");
        }
        html.Append("</ul>");
    }
}

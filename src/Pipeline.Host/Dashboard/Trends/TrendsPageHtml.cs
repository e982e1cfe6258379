using System.Text;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard.Trends;

/// <summary>The Trends page: per job, its last succeeded syncs as small line charts (<see cref="TrendCharts"/>).</summary>
public static class TrendsPageHtml
{
    public const string NoRunsYet = "No succeeded sync of this job yet: its trends start with the first.";
    private static readonly int[] Windows = [TrendsQuery.DefaultRuns, 100, TrendsQuery.MaxRuns];

    /// <param name="job">The job of a one-job page, else null (every job).</param>
    public static string Render(IReadOnlyList<JobTrends> jobs, int runs, DashboardLinks links, string? job = null)
    {
        var html = new StringBuilder();
        Header(html, job is null ? "Trends" : $"Trends: {job}",
            $"Per job, its last {runs} succeeded syncs, oldest on the left: is it getting slower, later or further from its baseline? Dashed lines are the limits each run was judged against.");
        html.Append("<p id=\"pipeline-trends-window\">Runs: ");
        foreach (var window in Windows)
        {
            var url = job is null ? links.TrendsWindow(window) : links.TrendsOf(job, window);
            html.Append(window == runs ? $"<strong>{window}</strong>" : Link(url, window.ToString(System.Globalization.CultureInfo.InvariantCulture))).Append(' ');
        }
        html.Append("</p>");
        if (jobs.Count == 0)
        {
            Empty(html, "No jobs: add a job file to jobs/ and restart the service.");
        }
        foreach (var trends in jobs)
        {
            html.Append("<section class=\"pipeline-trends-job\" data-job=\"").Append(E(trends.Job)).Append("\"><h3>")
                .Append(Link(links.TrendsOf(trends.Job, runs), trends.Job)).Append("</h3>");
            if (trends.Runs.Count == 0)
            {
                Empty(html, NoRunsYet);
            }
            else
            {
                html.Append("<div style=\"display:flex;flex-wrap:wrap;gap:8px 20px\">");
                foreach (var chart in TrendCharts.For(trends))
                {
                    html.Append(TrendChartSvg.Render(chart));
                }
                html.Append("</div>");
            }
            html.Append("</section>");
        }
        Footer(html);
        return html.ToString();
    }
}

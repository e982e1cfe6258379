using System.Text;
using Pipeline.Storage.DeadLetters;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>The Dead letters page: chunks the model failed on, with Replay per row and Replay all for operators.</summary>
public static class DeadLettersPageHtml
{
    public static string Render(IReadOnlyList<DeadLetter> rows, DashboardLinks links, bool canOperate)
    {
        var html = new StringBuilder();
        Header(html, "Dead letters",
            "Chunks the model failed on alone after retries. Replay re-ingests the row's document in a background job; rows whose chunks now embed leave the table.");
        if (rows.Count == 0)
        {
            Empty(html, "No dead letters.");
            Footer(html);
            return html.ToString();
        }
        if (canOperate)
        {
            html.Append("<p>").Append(Button(links.ReplayAll(), "Replay all", "btn-default", $"Replay the documents of all {rows.Count} dead letter(s)?")).Append("</p>");
        }
        string[] headings = ["Id", "Job", "Document", "Chunk", "Stage", "Error", "Attempts", "First seen", "Last seen", "Run"];
        TableStart(html, "pipeline-dead-letters", canOperate ? [.. headings, ""] : headings);
        foreach (var row in rows)
        {
            html.Append("<tr data-dead-letter=\"").Append(E(row.Id)).Append("\">")
                .Append("<td>").Append(E(row.Id)).Append("</td>")
                .Append("<td>").Append(E(row.Job)).Append("</td>")
                .Append("<td>").Append(E(row.Document)).Append("<br><small class=\"text-muted\">").Append(E(row.Source)).Append("</small></td>")
                .Append("<td>").Append(E(row.Chunk)).Append("</td>")
                .Append("<td>").Append(E(row.Stage)).Append("</td>")
                .Append("<td><small>").Append(E(row.Error)).Append("</small></td>")
                .Append("<td>").Append(E(row.Attempts)).Append("</td>")
                .Append("<td>").Append(Time(row.FirstSeen)).Append("</td>")
                .Append("<td>").Append(Time(row.LastSeen)).Append("</td>")
                .Append("<td>").Append(Link(links.Run(row.RunId), $"#{row.RunId}")).Append("</td>");
            if (canOperate)
            {
                html.Append("<td>").Append(Button(links.Replay(row.Id), "Replay")).Append("</td>");
            }
            html.Append("</tr>");
        }
        TableEnd(html);
        Footer(html);
        return html.ToString();
    }
}

using System.Text;
using Pipeline.Storage.Index;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>The Quality page: what the rules found lately, and which documents are quarantined and why.</summary>
public static class QualityPageHtml
{
    public static string Render(IReadOnlyList<QualityRuleCount> rules, IReadOnlyList<QuarantinedDocument> quarantined, TimeSpan window, IReadOnlyList<StaleDocument>? stale = null)
    {
        var html = new StringBuilder();
        Header(html, "Quality", $"Findings of the quality rules in the last {window.TotalDays:0} days; documents kept out of the index.");
        html.Append("<h3>Rule counts</h3>");
        if (rules.Count == 0)
        {
            Empty(html, "No findings in this window.");
        }
        else
        {
            TableStart(html, "pipeline-quality-rules", "Rule", "Severity", "Findings", "Documents");
            foreach (var rule in rules)
            {
                html.Append("<tr><td>").Append(E(rule.Rule)).Append("</td><td>")
                    .Append(rule.Severity == "reject" ? "<span class=\"label label-danger\">reject</span>" : $"<span class=\"label label-warning\">{E(rule.Severity)}</span>")
                    .Append("</td><td>").Append(E(rule.Findings)).Append("</td><td>").Append(E(rule.Documents)).Append("</td></tr>");
            }
            TableEnd(html);
        }
        html.Append("<h3>Quarantined documents</h3>");
        if (quarantined.Count == 0)
        {
            Empty(html, "No document is quarantined.");
        }
        else
        {
            TableStart(html, "pipeline-quarantine", "Source", "Document", "Reason", "Message", "Since");
            foreach (var document in quarantined)
            {
                html.Append("<tr><td><small>").Append(E(document.Source)).Append("</small></td><td>").Append(E(document.ExternalId))
                    .Append("</td><td>").Append(E(document.Reason)).Append("</td><td><small>").Append(E(document.Message))
                    .Append("</small></td><td>").Append(Time(document.Since)).Append("</td></tr>");
            }
            TableEnd(html);
        }
        StalePart(html, stale ?? []);
        Footer(html);
        return html.ToString();
    }

    // Not quarantined: these still serve their last good version; the next sync reads them again.
    private static void StalePart(StringBuilder html, IReadOnlyList<StaleDocument> stale)
    {
        html.Append("<h3>Stale documents</h3>");
        if (stale.Count == 0)
        {
            Empty(html, "Every indexed document is at the version its source last served.");
            return;
        }
        TableStart(html, "pipeline-stale", "Source", "Document", "Reason", "Message", "Since", "Attempts");
        foreach (var document in stale)
        {
            html.Append("<tr><td><small>").Append(E(document.Source)).Append("</small></td><td>").Append(E(document.Document))
                .Append("</td><td>").Append(E(document.Reason)).Append("</td><td><small>").Append(E(document.Message))
                .Append("</small></td><td>").Append(Time(document.Since)).Append("</td><td>").Append(E(document.Attempts)).Append("</td></tr>");
        }
        TableEnd(html);
    }
}

using System.Text;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>The Quality page: what the rules found lately, and which documents are quarantined and why.</summary>
public static class QualityPageHtml
{
    public static string Render(IReadOnlyList<QualityRuleCount> rules, IReadOnlyList<QuarantinedDocument> quarantined, TimeSpan window)
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
        Footer(html);
        return html.ToString();
    }
}

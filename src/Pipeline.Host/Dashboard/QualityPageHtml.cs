using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Storage.Access;
using Pipeline.Storage.Index;
using Pipeline.Storage.Redaction;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>The Quality page: what the rules found lately, and which documents are quarantined and why.</summary>
public static class QualityPageHtml
{
    /// <summary>The page as its route serves it: every part read from its one query.</summary>
    public static async Task<string> RenderAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var query = services.GetRequiredService<QualityQuery>();
        return Render(await query.RuleCountsAsync(cancellationToken), await query.QuarantinedAsync(500, cancellationToken), QualityQuery.Window,
            await services.GetRequiredService<StaleDocuments>().ListAsync(null, 500, cancellationToken),
            await services.GetRequiredService<DocumentRemovals>().CountAsync(QualityQuery.Window, cancellationToken),
            await services.GetRequiredService<RedactionCounts>().CountAsync(QualityQuery.Window, cancellationToken));
    }

    public static string Render(IReadOnlyList<QualityRuleCount> rules, IReadOnlyList<QuarantinedDocument> quarantined, TimeSpan window, IReadOnlyList<StaleDocument>? stale = null,
        IReadOnlyList<DocumentRemovalCounts>? removals = null, IReadOnlyList<RedactionCount>? redactions = null)
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
        RemovalsPart(html, removals ?? [], window);
        SensitiveDataPart(html, redactions ?? [], window);
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

    // A 404 and a 403 look alike in a listing and mean opposite things: the item is gone, or the service account can
    // no longer read it (and a revoked account loses everything at once). Shown apart so nobody mistakes one for the other.
    private static void RemovalsPart(StringBuilder html, IReadOnlyList<DocumentRemovalCounts> removals, TimeSpan window)
    {
        html.Append("<h3>Deleted and access lost</h3>");
        if (removals.Count == 0)
        {
            Empty(html, $"No document was deleted or lost to the service account in the last {window.TotalDays:0} days, and none is hidden.");
            return;
        }
        TableStart(html, "pipeline-removals", "Job", "Deleted (404)", "Access lost (403)", "Restored", "Purged", "Hidden now", "Hidden since");
        foreach (var row in removals)
        {
            html.Append("<tr><td>").Append(E(row.Job)).Append("</td><td>").Append(E(row.Deleted)).Append("</td><td>")
                .Append(row.AccessLost > 0 ? $"<span class=\"label label-danger\">{E(row.AccessLost)}</span>" : E(row.AccessLost))
                .Append("</td><td>").Append(E(row.AccessRestored)).Append("</td><td>").Append(E(row.AccessPurged))
                .Append("</td><td>").Append(E(row.HiddenNow)).Append("</td><td>").Append(row.OldestHiddenSince is { } since ? Time(since) : "")
                .Append("</td></tr>");
        }
        TableEnd(html);
        html.Append("<p><small>Access lost: hidden from every search at once and kept for the job's <code>access.graceDays</code>; ")
            .Append("restored without re-embedding if access returns, purged afterwards. See runbooks/service-account-lost-access.md.</small></p>");
    }

    // Counts only: the values were never stored. A secret is a credential someone has to rotate, so it stands out.
    private static void SensitiveDataPart(StringBuilder html, IReadOnlyList<RedactionCount> redactions, TimeSpan window)
    {
        html.Append("<h3>Sensitive data</h3>");
        if (redactions.Count == 0)
        {
            Empty(html, $"No sensitive value was found in the last {window.TotalDays:0} days.");
            return;
        }
        TableStart(html, "pipeline-redactions", "Job", "Detector", "Action", "Findings", "Documents", "Distinct values", "Last seen");
        foreach (var row in redactions)
        {
            var secret = Pipeline.Core.Redaction.DetectorNames.IsSecret(row.Detector);
            html.Append(secret ? "<tr class=\"danger\">" : "<tr>").Append("<td>").Append(E(row.Job)).Append("</td><td>").Append(E(row.Detector))
                .Append(secret ? " <span class=\"label label-danger\">secret</span>" : "").Append("</td><td>").Append(E(row.Action))
                .Append("</td><td>").Append(E(row.Findings)).Append("</td><td>").Append(E(row.Documents)).Append("</td><td>").Append(E(row.DistinctValues))
                .Append("</td><td>").Append(Time(row.LastSeen)).Append("</td></tr>");
        }
        TableEnd(html);
        html.Append("<p><small>Values are never stored: findings keep the detector, the document, the chunk and a keyed hash of the value. ")
            .Append("A secret found in a source: runbooks/secret-found-in-a-source.md.</small></p>");
    }
}

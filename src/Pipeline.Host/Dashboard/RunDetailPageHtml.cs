using System.Text;
using Pipeline.Core.Runs;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>One run: its summary, its quality report and the documents that failed in it.</summary>
public static class RunDetailPageHtml
{
    public static string Render(RunRow run, IReadOnlyList<DocumentFailure> failures, DashboardLinks links)
    {
        var html = new StringBuilder();
        Header(html, $"Run #{run.Id}");
        html.Append("<p>").Append(Link(links.To(DashboardLinks.Runs), "← All runs")).Append("</p>");
        html.Append("<dl class=\"dl-horizontal\" id=\"pipeline-run\">");
        Term(html, "Job", E(run.Job));
        Term(html, "Source", E(run.Source));
        Term(html, "Trigger", E(run.Trigger));
        Term(html, "Kind / mode", E($"{run.Kind} / {run.Mode}"));
        Term(html, "Status", Status(run.Status));
        Term(html, "Started", Time(run.StartedAt));
        Term(html, "Finished", Time(run.FinishedAt));
        if (run.Error is { } error)
        {
            Term(html, "Error", $"<pre>{E(error)}</pre>");
        }
        if (run.Summary is { } s)
        {
            var d = s.Documents;
            Term(html, "Documents", E($"seen {d.Seen}, new {d.New}, changed {d.Changed}, unchanged {d.Unchanged}, deleted {d.Deleted}, failed {d.Failed}"));
            Term(html, "Access", E($"lost {d.AccessLost} (hidden, kept for the grace period), restored {d.AccessRestored}, purged {d.AccessPurged}"));
            if (s.Redaction.Detectors.Count > 0)
            {
                Term(html, "Sensitive data", E(string.Join(", ", s.Redaction.Detectors.Select(d => $"{d.Key} {d.Value}"))
                    + $" ({string.Join(", ", s.Redaction.Actions.Select(a => $"{a.Value} {a.Key}"))}; {s.Redaction.ChunksDropped} chunks dropped)"));
            }
            Term(html, "Chunks written", E(s.ChunksWritten));
            Term(html, "Embeddings", E($"computed {s.EmbeddingsComputed}, reused {s.EmbeddingsReused}, tokens {s.TokensEmbedded}, truncated {s.Truncated}"));
            Term(html, "Dead letters", E(s.DeadLetters));
            Term(html, "Pages", E($"{s.Pages} ({s.OcrPages} OCR)"));
            Term(html, "Seconds", E(Seconds(s.Seconds)));
            if (s.Requests is { } requests)
            {
                Term(html, "Requests", E(requests));
            }
        }
        html.Append("</dl>");
        if (run.Summary?.Quality is { } quality)
        {
            html.Append("<h3>Quality</h3><p>").Append(E($"{quality.DocumentsRejected} document(s) and {quality.ChunksRejected} chunk(s) rejected, {quality.Warnings} warning(s)")).Append("</p>");
            if (quality.Rules.Count > 0)
            {
                TableStart(html, "pipeline-run-quality", "Rule", "Severity", "Count", "Examples");
                foreach (var (rule, summary) in quality.Rules.OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    html.Append("<tr><td>").Append(E(rule)).Append("</td><td>").Append(E(summary.Severity.ToString().ToLowerInvariant()))
                        .Append("</td><td>").Append(E(summary.Count)).Append("</td><td><small>")
                        .Append(string.Join("<br>", summary.Examples.Select(e => E(e.ToString())))).Append("</small></td></tr>");
                }
                TableEnd(html);
            }
        }
        html.Append("<h3>Failed documents</h3>");
        if (failures.Count == 0)
        {
            Empty(html, "No document failed in this run.");
        }
        else
        {
            TableStart(html, "pipeline-run-failures", "Document", "Reason", "Message");
            foreach (var failure in failures)
            {
                html.Append("<tr><td>").Append(E(failure.Document)).Append("</td><td>").Append(E(failure.Reason))
                    .Append("</td><td>").Append(E(failure.Message)).Append("</td></tr>");
            }
            TableEnd(html);
        }
        Footer(html);
        return html.ToString();
    }

    private static void Term(StringBuilder html, string term, string definitionHtml) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(definitionHtml).Append("</dd>");
}

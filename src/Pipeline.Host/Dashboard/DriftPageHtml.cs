using System.Globalization;
using System.Text;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>The Drift page: per-run drift figures against their thresholds, and the mixed-model check.</summary>
public static class DriftPageHtml
{
    public const string NoFiguresYet = "Drift figures appear after the first monitored run.";

    public static string Render(DriftPageData data, DashboardLinks links)
    {
        var html = new StringBuilder();
        Header(html, "Drift", "Per run: how far new and changed content moved from the baseline, against the configured thresholds.");
        html.Append("<h3>Drift figures</h3>");
        if (data.Figures.Count == 0)
        {
            Empty(html, NoFiguresYet);
        }
        else
        {
            TableStart(html, "pipeline-drift", "Job", "Run", "Figure", "Value", "Threshold", "");
            foreach (var figure in data.Figures)
            {
                html.Append(figure.Crossed ? "<tr class=\"danger\">" : "<tr>")
                    .Append("<td>").Append(E(figure.Job)).Append("</td>")
                    .Append("<td>").Append(Link(links.Run(figure.RunId), $"#{figure.RunId}")).Append("</td>")
                    .Append("<td>").Append(E(figure.Figure)).Append("</td>")
                    .Append("<td>").Append(E(figure.Value.ToString("0.####", CultureInfo.InvariantCulture))).Append("</td>")
                    .Append("<td>").Append(E(figure.Threshold.ToString("0.####", CultureInfo.InvariantCulture))).Append("</td>")
                    .Append("<td>").Append(figure.Crossed ? "<span class=\"label label-danger\">crossed</span>" : "<span class=\"label label-success\">ok</span>").Append("</td>")
                    .Append("</tr>");
            }
            TableEnd(html);
        }
        MixedModel(html, data);
        Footer(html);
        return html.ToString();
    }

    private static void MixedModel(StringBuilder html, DriftPageData data)
    {
        html.Append("<h3>Models in the index</h3><p>Running model: <code>").Append(E(data.Running.Id)).Append("</code> <code>")
            .Append(E(data.Running.Sha256)).Append("</code></p>");
        var foreign = data.Models.Where(m => m.ModelSha256 != data.Running.Sha256).ToList();
        var models = data.Models.Select(m => m.ModelSha256).Distinct().Count();
        if (foreign.Count > 0 || models > 1)
        {
            html.Append("<div class=\"alert alert-danger\" id=\"pipeline-mixed-model\">")
                .Append(E($"Mixed-model index: {foreign.Sum(m => m.Chunks)} chunk(s) in {foreign.Select(m => m.Source).Distinct().Count()} source(s) carry vectors of another model than the running one; their similarities are not comparable. See runbooks/mixed-model-index.md."))
                .Append("</div>");
        }
        else if (data.Models.Count > 0)
        {
            html.Append("<div class=\"alert alert-success\">Every chunk was embedded by the running model.</div>");
        }
        if (data.Models.Count == 0)
        {
            Empty(html, "The index has no chunks yet.");
            return;
        }
        TableStart(html, "pipeline-models", "Source", "Model", "Model SHA-256", "Chunks", "");
        foreach (var model in data.Models)
        {
            var current = model.ModelSha256 == data.Running.Sha256;
            html.Append(current ? "<tr>" : "<tr class=\"danger\">")
                .Append("<td>").Append(E(model.Source)).Append("</td><td>").Append(E(model.ModelId)).Append("</td><td><code>")
                .Append(E(model.ModelSha256)).Append("</code></td><td>").Append(E(model.Chunks)).Append("</td><td>")
                .Append(current ? "running model" : "<span class=\"label label-danger\">other model</span>").Append("</td></tr>");
        }
        TableEnd(html);
    }
}

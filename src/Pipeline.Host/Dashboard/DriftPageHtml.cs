using System.Globalization;
using System.Text;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>The Drift page: each job's newest run figures against their thresholds (crossed ones highlighted), its canaries, and the mixed-model check.</summary>
public static class DriftPageHtml
{
    public const string NoFiguresYet = "Drift figures appear after the first monitored sync of a job.";

    public static string Render(DriftPageData data, DashboardLinks links)
    {
        var html = new StringBuilder();
        Header(html, "Drift", "Per job, the newest monitored sync: how far new and changed content moved from the baseline, and the golden queries, against the job's thresholds; and the retrieval figures of its question set.");
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
                html.Append(figure.Crossed ? "<tr class=\"danger\"" : "<tr").Append(" data-job=\"").Append(E(figure.Job))
                    .Append("\" data-figure=\"").Append(E(figure.Figure)).Append("\">")
                    .Append("<td>").Append(Link(links.TrendsOf(figure.Job), figure.Job)).Append("</td>")
                    .Append("<td>").Append(Link(links.Run(figure.RunId), $"#{figure.RunId}")).Append("</td>")
                    .Append("<td>").Append(E(figure.Figure)).Append("</td>")
                    .Append("<td>").Append(figure.Value is { } value ? E(Number(value)) : "—").Append("</td>")
                    .Append("<td>").Append(figure.Threshold is { } limit ? E((figure.AtLeast ? "≥ " : "≤ ") + Number(limit)) : "—").Append("</td>")
                    .Append("<td>").Append(Status(figure)).Append("</td>")
                    .Append("</tr>");
            }
            TableEnd(html);
        }
        CanaryResults(html, data, links);
        Evaluations(html, data, links);
        MixedModel(html, data);
        Footer(html);
        return html.ToString();
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Status(DriftFigure figure) => figure switch
    {
        { Crossed: true } => "<span class=\"label label-danger\">crossed</span>",
        { NotJudged: { } why } => "<span class=\"label label-default\">not judged</span> " + E(why),
        { Value: null } => "<span class=\"label label-default\">not measured</span> " + (figure.OnEmbeddings ? "no baseline or no new chunks" : "nothing read in this run"),
        { Threshold: null } => "<span class=\"text-muted\">recorded</span>",
        _ => "<span class=\"label label-success\">ok</span>",
    };

    private static void CanaryResults(StringBuilder html, DriftPageData data, DashboardLinks links)
    {
        html.Append("<h3>Canaries</h3>");
        if (data.Canaries.Count == 0)
        {
            Empty(html, "No job lists golden queries (\"canaries\" in its job file).");
            return;
        }
        TableStart(html, "pipeline-canaries", "Job", "Run", "Query", "Asked as", "Expected document", "Rank (top k)", "First found");
        foreach (var job in data.Canaries)
        {
            var failed = job.Recall < job.MinRecall;
            html.Append(failed ? "<tr class=\"danger\"" : "<tr").Append(" data-job=\"").Append(E(job.Job)).Append("\"><td colspan=\"7\"><strong>")
                .Append(E(job.Job)).Append("</strong> recall@k ").Append(E(Number(job.Recall))).Append(" (minimum ").Append(E(Number(job.MinRecall))).Append(") ")
                .Append(failed ? "<span class=\"label label-danger\">below minimum</span>" : "<span class=\"label label-success\">ok</span>")
                .Append("</td></tr>");
            foreach (var result in job.Results)
            {
                html.Append(result.Hit ? "<tr>" : "<tr class=\"danger\">")
                    .Append("<td>").Append(E(job.Job)).Append("</td>")
                    .Append("<td>").Append(Link(links.Run(job.RunId), $"#{job.RunId}")).Append("</td>")
                    .Append("<td>").Append(E(result.Query)).Append("</td>")
                    .Append("<td><small>").Append(E(result.Caller)).Append("</small></td>")
                    .Append("<td>").Append(E(result.Expect)).Append("</td>")
                    .Append("<td>").Append(result.Rank is { } rank ? E($"{rank} (top {result.K})") : E($"missed (top {result.K})")).Append("</td>")
                    .Append("<td>").Append(E(result.TopDocument ?? "—")).Append("</td>")
                    .Append("</tr>");
            }
        }
        TableEnd(html);
    }

    private static void Evaluations(StringBuilder html, DriftPageData data, DashboardLinks links)
    {
        html.Append("<h3>Retrieval evaluation</h3>");
        if (data.Evaluations is not { Count: > 0 } evaluations)
        {
            Empty(html, "No job has been evaluated yet: a job that names evaluation.questions is scored after each successful sync.");
            return;
        }
        TableStart(html, "pipeline-evaluations", "Job", "Run", "Questions", "Mode", "Model", "R@1", "R@5", "MRR@k", "Hits@k", "Answerable");
        foreach (var e in evaluations)
        {
            html.Append("<tr data-job=\"").Append(E(e.Job)).Append("\">")
                .Append("<td>").Append(E(e.Job)).Append("</td>")
                .Append("<td>").Append(Link(links.Run(e.RunId), $"#{e.RunId}")).Append("</td>")
                .Append("<td title=\"").Append(E(e.QuestionsFile)).Append("\">").Append(E(e.Figures.N)).Append("</td>")
                .Append("<td>").Append(E(e.Mode)).Append("</td>")
                .Append("<td>").Append(E(e.Model)).Append("</td>")
                .Append("<td>").Append(E(Number(e.Figures.RecallAt1))).Append("</td>")
                .Append("<td>").Append(E(Number(e.Figures.RecallAt5))).Append("</td>")
                .Append("<td>").Append(E(Number(e.Figures.Mrr))).Append(" <span class=\"text-muted\">(k ").Append(E(e.K)).Append(")</span></td>")
                .Append("<td>").Append(E(Number(e.Figures.Hits))).Append("</td>")
                .Append("<td>").Append(E(Number(e.Figures.Answerable))).Append("</td>")
                .Append("</tr>");
        }
        TableEnd(html);
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

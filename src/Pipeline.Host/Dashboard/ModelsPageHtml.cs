using System.Globalization;
using System.Text;
using Pipeline.Host.Cli;
using Pipeline.Host.Models;
using Pipeline.Storage.Models;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard;

/// <summary>What a Models button did: shown above the page it answers with.</summary>
public sealed record ModelsPageResult(string Job, bool Ok, string Message, ModelPlan? Plan = null);

/// <summary>A form's antiforgery field (ASP.NET Core checks it as it checks Hangfire's header); null for read-only users.</summary>
public sealed record ModelsPageForm(string FieldName, string Token);

/// <summary>
/// The Models page: the packaged models, and per job its active model, vectors per model and builds, with Plan /
/// Build / Activate / Drop for operators. Plain forms rather than Hangfire's script buttons, because a plan's figures
/// and a refusal's reason are the answer the operator came for. While a build is open the page reloads every 5 s.
/// </summary>
public static class ModelsPageHtml
{
    public const int RefreshSeconds = 5;

    public static string Render(ModelsCommand.ModelsListing listing, DashboardLinks links, ModelsPageForm? form, ModelsPageResult? result, DateTimeOffset now)
    {
        var html = new StringBuilder();
        if (listing.Builds.Any(b => b.Status == ModelBuild.Building))
        {
            html.Append("<meta http-equiv=\"refresh\" content=\"").Append(RefreshSeconds).Append(";url=").Append(E(links.To(DashboardLinks.Models))).Append("\">");
        }
        Header(html, "Models", "Embedding models as versions of each job's index: plan, build in the background, activate, drop (runbooks/switch-embedding-model.md).");
        if (result is not null)
        {
            Result(html, result);
        }
        html.Append("<h3>Packaged models</h3>");
        TableStart(html, "pipeline-registry", "Id", "Name", "Dimensions", "Pooling", "Query prefix", "SHA-256");
        foreach (var m in listing.Models)
        {
            html.Append("<tr data-model=\"").Append(E(m.Id)).Append("\"><td><code>").Append(E(m.Id)).Append("</code></td><td>").Append(E(m.Name))
                .Append("</td><td>").Append(E(m.Dimensions)).Append("</td><td>").Append(E(m.Pooling))
                .Append("</td><td>").Append(m.QueryPrefix.Length > 0 ? $"<span title=\"{E(m.QueryPrefix)}\">yes</span>" : "no")
                .Append("</td><td><code>").Append(E(m.Sha256[..Math.Min(12, m.Sha256.Length)])).Append("…</code></td></tr>");
        }
        TableEnd(html);
        if (listing.Jobs.Count == 0)
        {
            Empty(html, "No jobs: add a job file to jobs/ and restart the service.");
        }
        foreach (var job in listing.Jobs)
        {
            Job(html, job, listing.Models, listing.Builds.Where(b => b.JobName == job.Job).ToList(), links, form, now);
        }
        Footer(html);
        return html.ToString();
    }

    private static void Job(StringBuilder html, ModelsCommand.JobModelsRow job, IReadOnlyList<ModelsCommand.RegisteredRow> models,
        IReadOnlyList<ModelBuild> builds, DashboardLinks links, ModelsPageForm? form, DateTimeOffset now)
    {
        html.Append("<div class=\"panel panel-default\" data-job=\"").Append(E(job.Job)).Append("\"><div class=\"panel-heading\"><strong>")
            .Append(E(job.Job)).Append("</strong> <small class=\"text-muted\">").Append(E(job.Source)).Append("</small> — active model <code class=\"active-model\">")
            .Append(E(job.ActiveModel)).Append("</code></div><div class=\"panel-body\">");
        TableStart(html, "pipeline-vectors-" + job.Job, "Model", "Vectors", "");
        foreach (var v in job.Vectors)
        {
            html.Append("<tr data-model=\"").Append(E(v.ModelId)).Append("\"><td>").Append(E(v.ModelId)).Append("</td><td>").Append(E(v.Chunks))
                .Append("</td><td>").Append(v.Active ? "<span class=\"label label-success\">active</span>" : "<span class=\"label label-default\">inactive</span>").Append("</td></tr>");
        }
        TableEnd(html);
        if (builds.Count > 0)
        {
            TableStart(html, "pipeline-builds-" + job.Job, "Build", "Model", "Status", "Done / total", "%", "Elapsed", "Planned", "Error");
            foreach (var b in builds)
            {
                var percent = b.ChunksTotal == 0 ? 100 : 100.0 * b.ChunksDone / b.ChunksTotal;
                var elapsed = b.StartedAt is { } started ? ((b.FinishedAt ?? now) - started).TotalSeconds : (double?)null;
                html.Append("<tr data-build=\"").Append(E(b.Id)).Append("\" data-status=\"").Append(E(b.Status)).Append("\"><td>#").Append(E(b.Id))
                    .Append("</td><td>").Append(E(b.Model)).Append("</td><td>").Append(BuildStatus(b.Status))
                    .Append("</td><td>").Append(E(b.ChunksDone)).Append(" / ").Append(E(b.ChunksTotal))
                    .Append("</td><td>").Append(E(percent.ToString("0", CultureInfo.InvariantCulture))).Append('%')
                    .Append("</td><td>").Append(elapsed is { } s ? E(Seconds(s)) : "—")
                    .Append("</td><td>").Append(b.EstimatedSeconds is { } e ? E(Seconds(e)) : "—")
                    .Append("</td><td>").Append(E(b.Error)).Append("</td></tr>");
            }
            TableEnd(html);
        }
        if (form is not null)
        {
            Form(html, job, models, links, form);
        }
        html.Append("</div></div>");
    }

    /// <summary>One form per job; each button posts it to its own action.</summary>
    private static void Form(StringBuilder html, ModelsCommand.JobModelsRow job, IReadOnlyList<ModelsCommand.RegisteredRow> models, DashboardLinks links, ModelsPageForm form)
    {
        html.Append("<form method=\"post\" class=\"form-inline\" action=\"").Append(E(links.ModelAction(job.Job, "plan"))).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(E(form.FieldName)).Append("\" value=\"").Append(E(form.Token)).Append("\">")
            .Append("<label>Model <select name=\"model\" class=\"form-control input-sm\">");
        foreach (var m in models)
        {
            html.Append("<option value=\"").Append(E(m.Id)).Append("\">").Append(E(m.Id)).Append("</option>");
        }
        html.Append("</select></label> ");
        foreach (var (action, label, style) in new[] { ("plan", "Plan", "btn-default"), ("build", "Build", "btn-primary"), ("activate", "Activate", "btn-warning") })
        {
            html.Append("<button type=\"submit\" class=\"btn btn-sm ").Append(style).Append("\" formaction=\"").Append(E(links.ModelAction(job.Job, action)))
                .Append("\">").Append(label).Append("</button> ");
        }
        html.Append("<label class=\"checkbox-inline\"><input type=\"checkbox\" name=\"force\" value=\"true\"> force</label> ")
            .Append("<button type=\"submit\" class=\"btn btn-sm btn-danger\" formaction=\"").Append(E(links.ModelAction(job.Job, "drop")))
            .Append("\" onclick=\"return confirm('Remove this model\\u2019s vectors of the job?')\">Drop</button></form>");
    }

    private static void Result(StringBuilder html, ModelsPageResult result)
    {
        html.Append("<div id=\"pipeline-models-result\" class=\"alert ").Append(result.Ok ? "alert-success" : "alert-danger").Append("\" data-job=\"")
            .Append(E(result.Job)).Append("\">").Append(E(result.Message));
        if (result.Plan is { } plan)
        {
            html.Append("<dl class=\"dl-horizontal\" id=\"pipeline-plan\">");
            Term(html, "Chunks", plan.Chunks, "chunks");
            Term(html, "Already embedded", plan.AlreadyEmbedded, "already-embedded");
            Term(html, "To embed", plan.ToEmbed, "to-embed");
            Term(html, "Tokens", plan.Tokens, "tokens");
            Term(html, "Measured tokens/s", plan.TokensPerSecond.ToString("0", CultureInfo.InvariantCulture), "tokens-per-second");
            Term(html, "Estimated minutes", plan.EstimatedMinutes.ToString("0.00", CultureInfo.InvariantCulture), "estimated-minutes");
            html.Append("</dl>");
            if (plan.Evaluation is { } eval)
            {
                html.Append("<table class=\"table table-condensed\" id=\"pipeline-plan-eval\"><thead><tr><th>Model (").Append(E(eval.Questions)).Append(", k=").Append(E(eval.K))
                    .Append(")</th><th>R@1</th><th>R@5</th><th>MRR</th><th>Hits</th><th>Answerable</th></tr></thead><tbody>");
                Figures(html, plan.ActiveModel + " (active)", eval.Active);
                Figures(html, plan.Model, eval.Candidate);
                html.Append("</tbody></table>");
            }
            else
            {
                html.Append("<p>No evaluation: name <code>evaluation.questions</code> in the job to compare the models before switching.</p>");
            }
        }
        html.Append("</div>");
    }

    private static void Term(StringBuilder html, string term, object value, string id) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd data-figure=\"").Append(E(id)).Append("\">").Append(E(value)).Append("</dd>");

    private static void Figures(StringBuilder html, string model, Core.Evaluation.RetrievalFigures? f)
    {
        html.Append("<tr><td>").Append(E(model)).Append("</td>");
        if (f is null)
        {
            html.Append("<td colspan=\"5\">no vectors yet (build first)</td></tr>");
            return;
        }
        foreach (var value in new[] { f.RecallAt1, f.RecallAt5, f.Mrr, f.Hits, f.Answerable })
        {
            html.Append("<td>").Append(E(value.ToString("0.000", CultureInfo.InvariantCulture))).Append("</td>");
        }
        html.Append("</tr>");
    }

    private static string BuildStatus(string status) => status switch
    {
        ModelBuild.Built => $"<span class=\"label label-success\">{E(status)}</span>",
        ModelBuild.Failed => $"<span class=\"label label-danger\">{E(status)}</span>",
        ModelBuild.Cancelled => $"<span class=\"label label-default\">{E(status)}</span>",
        _ => $"<span class=\"label label-info\">{E(status)}</span>",
    };
}

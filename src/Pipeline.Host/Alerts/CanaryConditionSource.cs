using Pipeline.Core.Drift;
using Pipeline.Host.Monitoring;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires when the golden queries of a job's newest monitored run found fewer of their documents than the job's
/// minimum recall@k; the figures list every missed query with what it found first instead.
/// </summary>
public sealed class CanaryConditionSource(JobHealthReport report) : IAlertConditionSource
{
    public string Kind => "canary";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var firing = new List<AlertCondition>();
        foreach (var health in await report.GetAsync(cancellationToken))
        {
            var recall = health.Figures.FirstOrDefault(f => f.Name == RunFigureNames.CanaryRecall);
            if (recall is not { Crossed: true } || health.Canaries is not { } canaries)
            {
                continue;
            }
            var missed = canaries.Results.Where(r => !r.Hit).ToList();
            var limit = "< " + AlertFigure.FormatFigure(recall.Threshold);
            List<AlertFigure> figures =
            [
                new("recall@k", AlertFigure.FormatFigure(recall.Value), limit),
                new("canaries missed", $"{missed.Count} of {canaries.Results.Count}"),
            ];
            figures.AddRange(missed.Select(r => new AlertFigure(
                $"missed \"{r.Query}\"", (r.Caller == CanaryResult.Anonymous ? "" : $"asked {r.Caller}: ") + $"expected {r.Expect} in the top {r.K}; first found: {r.TopDocument ?? "nothing"}")));
            figures.Add(new AlertFigure("run", $"#{AlertFigure.Format(canaries.RunId)}"));
            firing.Add(new AlertCondition(
                $"{Kind}:{health.Job}", Kind, health.Job,
                $"{health.Job} canary recall {AlertFigure.FormatFigure(recall.Value)} {limit}, {missed.Count} of {canaries.Results.Count} missed",
                figures, "alert-canary.md", "/hangfire/pipeline/drift"));
        }
        return firing;
    }
}

using Pipeline.Core.Drift;
using Pipeline.Host.Monitoring;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires when the newest monitored run of a job has drift figures (centroid shift, PSI, OCR share, quality rejects)
/// that crossed the job's thresholds: one condition per job listing every crossed figure. Canary recall has its
/// own source, so a missed golden query and a drifting corpus are told apart in the subject.
/// </summary>
public sealed class DriftConditionSource(JobHealthReport report) : IAlertConditionSource
{
    public string Kind => "drift";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var firing = new List<AlertCondition>();
        foreach (var health in await report.GetAsync(cancellationToken))
        {
            var crossed = health.Figures.Where(f => f.Crossed && f.Name != RunFigureNames.CanaryRecall).ToList();
            if (crossed.Count == 0)
            {
                continue;
            }
            var figures = crossed.Select(f => new AlertFigure(f.Name, AlertFigure.FormatFigure(f.Value), "> " + AlertFigure.FormatFigure(f.Threshold))).ToList();
            // Context: how much was measured, so a reader can tell a large shift on a small run from a real change.
            figures.AddRange(health.Figures.Where(f => f.Name is RunFigureNames.NewChunks or RunFigureNames.BaselineChunks)
                .Select(f => new AlertFigure(f.Name, AlertFigure.FormatFigure(f.Value))));
            figures.Add(new AlertFigure("run", $"#{AlertFigure.Format(health.FiguresRunId!.Value)}"));
            firing.Add(new AlertCondition(
                $"{Kind}:{health.Job}", Kind, health.Job,
                $"{health.Job} " + string.Join(", ", crossed.Select(f => $"{f.Name} {AlertFigure.FormatFigure(f.Value)} > {AlertFigure.FormatFigure(f.Threshold)}")),
                figures, "alert-drift.md", "/hangfire/pipeline/drift"));
        }
        return firing;
    }
}

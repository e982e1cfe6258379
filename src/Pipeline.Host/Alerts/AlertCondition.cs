namespace Pipeline.Host.Alerts;

/// <summary>Something wrong right now, as a condition source sees it. Sources return only the conditions that fire.</summary>
/// <param name="Key">Stable identity across evaluations, e.g. <c>quality:sample-docs</c>: cool-down and recovery follow it.</param>
/// <param name="Kind">The source's kind, e.g. <c>quality</c>; also the first word of the subject.</param>
/// <param name="Title">One line for the subject, e.g. <c>sample-docs reject rate 0.42 &gt; 0.20</c>.</param>
/// <param name="Runbook">File name under <c>runbooks/</c>, e.g. <c>alert-quality.md</c>.</param>
/// <param name="DashboardPage">Path of the dashboard page to look at, e.g. <c>/hangfire/pipeline/quality</c>.</param>
public sealed record AlertCondition(
    string Key,
    string Kind,
    string Job,
    string Title,
    IReadOnlyList<AlertFigure> Figures,
    string Runbook,
    string DashboardPage);

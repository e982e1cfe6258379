namespace Pipeline.Host.Alerts;

/// <summary>One e-mail to send: a condition's state change, with what it said when it last fired.</summary>
/// <param name="Figures">Empty for a recovery: the figures then are the healthy ones, and the page shows them.</param>
/// <param name="FiringSince">When this bout of the condition began.</param>
public sealed record AlertNotice(
    AlertNoticeKind Notice,
    string Key,
    string Kind,
    string Job,
    string Title,
    IReadOnlyList<AlertFigure> Figures,
    string Runbook,
    string DashboardPage,
    DateTimeOffset? FiringSince,
    DateTimeOffset At)
{
    public static AlertNotice For(AlertNoticeKind notice, AlertCondition condition, DateTimeOffset? firingSince, DateTimeOffset at) =>
        new(notice, condition.Key, condition.Kind, condition.Job, condition.Title, condition.Figures, condition.Runbook, condition.DashboardPage, firingSince, at);

    public static AlertNotice Resolved(AlertState state, DateTimeOffset at) =>
        new(AlertNoticeKind.Resolved, state.Key, state.Kind, state.Job, state.Title, [], state.Runbook, state.DashboardPage, state.FiringSince, at);
}

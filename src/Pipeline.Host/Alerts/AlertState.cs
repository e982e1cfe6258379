namespace Pipeline.Host.Alerts;

/// <summary>A row of <c>pipeline.alert_state</c>: what the last e-mail about a condition said, and when.</summary>
/// <param name="Notified"><c>firing</c> or <c>resolved</c>.</param>
public sealed record AlertState(
    string Key,
    string Kind,
    string Job,
    string Title,
    string Runbook,
    string DashboardPage,
    string Notified,
    DateTimeOffset LastNotifiedAt,
    DateTimeOffset? FiringSince,
    int Notifications)
{
    public bool NotifiedFiring => Notified == "firing";
}

namespace Pipeline.Host.Alerts;

/// <summary>
/// Which e-mail, if any, a condition gets now. At most one e-mail per condition per cool-down, except that a recovery
/// goes out as soon as the condition clears. A condition that fires again within a cool-down of its recovery e-mail
/// (flapping) waits until that cool-down has passed, and is announced then only if it still fires.
/// </summary>
public static class AlertPolicy
{
    /// <param name="state">What the last e-mail said; null when none went out yet.</param>
    public static AlertNoticeKind? Decide(AlertState? state, bool firing, DateTimeOffset now, TimeSpan cooldown)
    {
        var cooledDown = state is null || now - state.LastNotifiedAt >= cooldown;
        return (state, firing) switch
        {
            (null, true) => AlertNoticeKind.Firing,
            ({ NotifiedFiring: true }, true) => cooledDown ? AlertNoticeKind.Reminder : null,
            ({ NotifiedFiring: false }, true) => cooledDown ? AlertNoticeKind.Firing : null,
            ({ NotifiedFiring: true }, false) => AlertNoticeKind.Resolved,
            _ => null,
        };
    }
}

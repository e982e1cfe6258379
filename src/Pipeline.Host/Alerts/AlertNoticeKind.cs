namespace Pipeline.Host.Alerts;

public enum AlertNoticeKind
{
    /// <summary>The condition started firing (or fired again after a recovery and a full cool-down).</summary>
    Firing,

    /// <summary>Still firing a full cool-down after the last e-mail.</summary>
    Reminder,

    /// <summary>Cleared after an e-mail said it fired.</summary>
    Resolved,
}

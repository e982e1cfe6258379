extern alias CronosPackage;

namespace Pipeline.Host.Alerts;

/// <summary>When conditions fire, how often they are repeated, and where the e-mails link to.</summary>
public sealed record AlertOptions
{
    /// <summary><c>PIPELINE_ALERT_COOLDOWN_MINUTES</c>: at most one e-mail per condition this often while it keeps firing.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromHours(4);

    /// <summary><c>PIPELINE_ALERT_SCHEDULE</c>: cron (UTC) of the <c>pipeline-alerts</c> evaluation.</summary>
    public string Schedule { get; init; } = "*/5 * * * *";

    /// <summary><c>PIPELINE_PUBLIC_URL</c>: how operators reach this service; dashboard links start with it.</summary>
    public Uri PublicUrl { get; init; } = new(Web.ServiceHost.DefaultUrl);

    /// <summary>
    /// <c>PIPELINE_RUNBOOK_BASE_URL</c>: what runbook file names are appended to, e.g. the repository's
    /// <c>https://git.example.com/pipeline/blob/main/runbooks/</c>. Default <c>runbooks/</c>, a path in the checkout.
    /// </summary>
    public string RunbookBase { get; init; } = "runbooks/";

    /// <summary><c>PIPELINE_ALERT_REJECT_RATE</c>: share of a job's last run's documents the quality rules rejected.</summary>
    public double QualityRejectRate { get; init; } = 0.2;

    /// <summary><c>PIPELINE_ALERT_DEAD_LETTERS</c>: dead letters a job may hold without an alert; growth alerts anyway.</summary>
    public int DeadLetterThreshold { get; init; }

    /// <summary><c>PIPELINE_ALERT_FAILED_RUNS</c>: consecutive failed syncs of a job that raise an alert.</summary>
    public int FailedRunsInARow { get; init; } = 3;

    /// <summary>Replaced by each job's <c>freshness.slaHours</c>; still set, it stops start-up rather than being ignored.</summary>
    public const string RemovedFreshnessSetting = "PIPELINE_ALERT_FRESHNESS_HOURS";

    public static AlertOptions FromSettings(SettingReader settings)
    {
        var defaults = new AlertOptions();
        if (settings.Text(RemovedFreshnessSetting) is not null)
        {
            throw new ArgumentException($"{RemovedFreshnessSetting} is no longer read: set \"freshness\": {{ \"slaHours\": ... }} in each job file (default: the schedule's longest gap plus 2 h)");
        }
        var publicUrl = settings.Text("PIPELINE_PUBLIC_URL");
        var options = new AlertOptions
        {
            Cooldown = TimeSpan.FromMinutes(settings.Int("PIPELINE_ALERT_COOLDOWN_MINUTES", (int)defaults.Cooldown.TotalMinutes)),
            Schedule = settings.Text("PIPELINE_ALERT_SCHEDULE") ?? defaults.Schedule,
            PublicUrl = publicUrl is null ? defaults.PublicUrl
                : Uri.TryCreate(publicUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url
                : throw new ArgumentException($"PIPELINE_PUBLIC_URL must be an absolute http(s) URL, got '{publicUrl}'"),
            RunbookBase = settings.Text("PIPELINE_RUNBOOK_BASE_URL") ?? defaults.RunbookBase,
            QualityRejectRate = settings.Number("PIPELINE_ALERT_REJECT_RATE", defaults.QualityRejectRate),
            DeadLetterThreshold = settings.Int("PIPELINE_ALERT_DEAD_LETTERS", defaults.DeadLetterThreshold),
            FailedRunsInARow = settings.Int("PIPELINE_ALERT_FAILED_RUNS", defaults.FailedRunsInARow),
        };
        return options.Validate();
    }

    public AlertOptions Validate()
    {
        if (Cooldown < TimeSpan.FromMinutes(1) || Cooldown > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(Cooldown), Cooldown, "PIPELINE_ALERT_COOLDOWN_MINUTES must be between 1 and 10080 (a week)");
        }
        try
        {
            CronosPackage::Cronos.CronExpression.Parse(Schedule);
        }
        catch (CronosPackage::Cronos.CronFormatException e)
        {
            throw new ArgumentException($"PIPELINE_ALERT_SCHEDULE is not a cron expression: '{Schedule}' ({e.Message})");
        }
        if (QualityRejectRate is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(QualityRejectRate), QualityRejectRate, "PIPELINE_ALERT_REJECT_RATE must be above 0 and at most 1");
        }
        if (DeadLetterThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DeadLetterThreshold), DeadLetterThreshold, "PIPELINE_ALERT_DEAD_LETTERS must be 0 or more");
        }
        if (FailedRunsInARow is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(FailedRunsInARow), FailedRunsInARow, "PIPELINE_ALERT_FAILED_RUNS must be between 1 and 100");
        }
        return this;
    }

    /// <summary>Where an e-mail links for a runbook file name such as <c>alert-quality.md</c>.</summary>
    public string RunbookLink(string runbook) => RunbookBase.EndsWith('/') ? RunbookBase + runbook : $"{RunbookBase}/{runbook}";

    /// <summary>A dashboard page path such as <c>/hangfire/pipeline/quality</c> under <see cref="PublicUrl"/> (which may have a path base).</summary>
    public string DashboardLink(string pagePath) => PublicUrl.AbsoluteUri.TrimEnd('/') + "/" + pagePath.TrimStart('/');
}

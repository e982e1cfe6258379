using Pipeline.Host.Alerts;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>Alert settings are read from named variables and refused at start-up, with the variable named, when wrong.</summary>
public sealed class AlertOptionsTests
{
    private static SettingReader Settings(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return new SettingReader(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Without_a_host_alerts_are_off_and_nothing_else_is_required()
    {
        var smtp = SmtpOptions.FromSettings(Settings());

        Assert.False(smtp.Enabled);
        Assert.Equal(TimeSpan.FromHours(4), AlertOptions.FromSettings(Settings()).Cooldown);
    }

    [Fact]
    public void Every_variable_is_read()
    {
        var settings = Settings(
            ("PIPELINE_SMTP_HOST", "smtp.example.org"), ("PIPELINE_SMTP_TLS", "tls"), ("PIPELINE_SMTP_USER", "bot"),
            ("PIPELINE_SMTP_PASSWORD", "pw"), ("PIPELINE_ALERT_FROM", "pipeline@example.org"),
            ("PIPELINE_ALERT_TO", "a@example.org; b@example.org"), ("PIPELINE_SMTP_CERT_SHA256", new string('a', 64)),
            ("PIPELINE_PUBLIC_URL", "https://ops.example.org/pipeline"), ("PIPELINE_RUNBOOK_BASE_URL", "https://git.example.org/runbooks"),
            ("PIPELINE_ALERT_COOLDOWN_MINUTES", "90"), ("PIPELINE_ALERT_REJECT_RATE", "0.35"), ("PIPELINE_ALERT_DEAD_LETTERS", "7"),
            ("PIPELINE_ALERT_FAILED_RUNS", "2"), ("PIPELINE_ALERT_SCHEDULE", "*/10 * * * *"));

        var smtp = SmtpOptions.FromSettings(settings);
        var alerts = AlertOptions.FromSettings(settings);

        Assert.Equal(("smtp.example.org", 465, SmtpTlsMode.Tls, "bot", "pw"), (smtp.Host, smtp.Port, smtp.Tls, smtp.User, smtp.Password));
        Assert.Equal(["a@example.org", "b@example.org"], smtp.To);
        Assert.Equal(new string('A', 64), smtp.CertificateSha256);
        Assert.Equal((TimeSpan.FromMinutes(90), 0.35, 7, 2, "*/10 * * * *"),
            (alerts.Cooldown, alerts.QualityRejectRate, alerts.DeadLetterThreshold, alerts.FailedRunsInARow, alerts.Schedule));
        Assert.Equal("https://ops.example.org/pipeline/hangfire/pipeline/quality", alerts.DashboardLink("/hangfire/pipeline/quality"));
        Assert.Equal("https://git.example.org/runbooks/alert-quality.md", alerts.RunbookLink("alert-quality.md"));
    }

    [Fact]
    public void The_removed_global_freshness_sla_is_refused_pointing_at_the_job_files()
    {
        var error = Assert.Throws<ArgumentException>(() => AlertOptions.FromSettings(Settings(("PIPELINE_ALERT_FRESHNESS_HOURS", "12.5"))));

        Assert.Contains("PIPELINE_ALERT_FRESHNESS_HOURS is no longer read", error.Message);
        Assert.Contains("slaHours", error.Message);
    }

    [Theory]
    [InlineData("PIPELINE_ALERT_TO", "", "PIPELINE_ALERT_TO must list at least one address")]
    [InlineData("PIPELINE_ALERT_TO", "oncall", "PIPELINE_ALERT_TO: 'oncall' is not an e-mail address")]
    [InlineData("PIPELINE_SMTP_TLS", "ssl", "PIPELINE_SMTP_TLS must be none, starttls or tls")]
    [InlineData("PIPELINE_SMTP_PORT", "70000", "PIPELINE_SMTP_PORT must be between 1 and 65535")]
    [InlineData("PIPELINE_SMTP_PASSWORD", "", "PIPELINE_SMTP_USER and PIPELINE_SMTP_PASSWORD go together")]
    public void A_wrong_smtp_setting_is_refused_naming_the_variable(string name, string value, string message)
    {
        var values = new Dictionary<string, string>
        {
            ["PIPELINE_SMTP_HOST"] = "smtp.example.org", ["PIPELINE_SMTP_USER"] = "bot", ["PIPELINE_SMTP_PASSWORD"] = "pw",
            ["PIPELINE_ALERT_FROM"] = "pipeline@example.org", ["PIPELINE_ALERT_TO"] = "oncall@example.org",
        };
        values[name] = value;

        var error = Assert.ThrowsAny<ArgumentException>(() => SmtpOptions.FromSettings(new SettingReader(values.GetValueOrDefault)));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_password_over_plain_smtp_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SmtpOptions.FromSettings(Settings(
            ("PIPELINE_SMTP_HOST", "smtp.example.org"), ("PIPELINE_SMTP_TLS", "none"), ("PIPELINE_SMTP_USER", "bot"), ("PIPELINE_SMTP_PASSWORD", "pw"),
            ("PIPELINE_ALERT_FROM", "pipeline@example.org"), ("PIPELINE_ALERT_TO", "oncall@example.org"))));

        Assert.Contains("PIPELINE_SMTP_TLS=starttls or tls", error.Message);
    }

    [Theory]
    [InlineData("PIPELINE_ALERT_COOLDOWN_MINUTES", "0")]
    [InlineData("PIPELINE_ALERT_REJECT_RATE", "1.5")]
    [InlineData("PIPELINE_ALERT_FAILED_RUNS", "0")]
    [InlineData("PIPELINE_ALERT_SCHEDULE", "every five minutes")]
    [InlineData("PIPELINE_PUBLIC_URL", "ops.example.org")]
    public void A_wrong_alert_setting_is_refused_naming_the_variable(string name, string value)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AlertOptions.FromSettings(Settings((name, value))));

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void The_password_never_appears_in_the_options_text()
    {
        var smtp = AlertRig.Smtp(587, certificateSha256: null);

        Assert.DoesNotContain(SmtpTestServer.Password, smtp.ToString());
        Assert.Contains("user=alerts", smtp.ToString());
    }
}

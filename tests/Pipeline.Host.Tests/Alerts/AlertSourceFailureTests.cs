using Microsoft.Extensions.Logging;
using Pipeline.Host.Alerts;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>A condition source that cannot answer is unknown, not healthy: no recovery e-mail, the other sources still run.</summary>
public sealed class AlertSourceFailureTests
{
    [Fact]
    public async Task A_failing_source_sends_no_recovery_email_and_the_others_still_alert()
    {
        await using var rig = await AlertRig.CreateAsync("sample-docs");
        await using var smtp = SmtpTestServer.Start();
        var smtpOptions = AlertRig.Smtp(smtp.Port, smtp.CertificateSha256);
        var options = AlertRig.Options();
        await rig.AddQualityRunAsync("sample-docs", AlertRig.Start.AddHours(-1), processed: 10, rejected: 5);
        await rig.Evaluator(smtpOptions, options).EvaluateAsync(CancellationToken.None);
        await rig.AddDeadLettersAsync("sample-docs", 2);

        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        var sources = rig.Sources(options).Select(s => s.Kind == "quality" ? new UnreachableSource(s.Kind) : s).ToList();
        var result = await rig.Evaluator(smtpOptions, options, sources).EvaluateAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0, 1), (result.Firing, result.Sent, result.Failed, result.SourcesFailed));
        Assert.Equal(
            ["[pipeline] FIRING quality: sample-docs reject rate 0.50 > 0.20", "[pipeline] FIRING dead-letters: sample-docs 2 dead letters > 0"],
            smtp.Received.Select(m => m.Message.Subject));
        Assert.Contains(rig.Log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Alert source quality failed", StringComparison.Ordinal));
    }

    /// <summary>Stands in for a source whose database query fails (the seam the interface exists for).</summary>
    private sealed class UnreachableSource(string kind) : IAlertConditionSource
    {
        public string Kind => kind;

        public Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new TimeoutException("the database did not answer");
    }
}

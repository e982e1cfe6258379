using Microsoft.Extensions.Logging;
using MimeKit;
using Pipeline.Host.Alerts;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>Alert e-mails end to end: real rows in a real database, evaluated and sent to a real SMTP server (STARTTLS, AUTH).</summary>
public sealed class AlertEmailTests
{
    private const string Job = "sample-docs";

    [Fact]
    public async Task A_firing_condition_arrives_over_starttls_with_auth_with_figures_and_links_in_both_parts()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await using var smtp = SmtpTestServer.Start();
        await rig.AddQualityRunAsync(Job, AlertRig.Start.AddHours(-1), processed: 10, rejected: 4);

        var result = await rig.Evaluator(AlertRig.Smtp(smtp.Port, smtp.CertificateSha256), AlertRig.Options()).EvaluateAsync(CancellationToken.None);

        Assert.Equal(new AlertEvaluation(Firing: 1, Sent: 1, Failed: 0, SourcesFailed: 0), result);
        var mail = Assert.Single(smtp.Received);
        Assert.True(mail.Secure, "the message must have crossed a STARTTLS-upgraded connection");
        Assert.Equal(SmtpTestServer.User, mail.AuthenticatedUser);
        Assert.Equal(["oncall@example.org", "data-team@example.org"], mail.Recipients);
        Assert.Equal(["oncall@example.org", "data-team@example.org"], mail.Message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("pipeline@example.org", mail.Message.From.Mailboxes.Single().Address);
        Assert.Equal("[pipeline] FIRING quality: sample-docs reject rate 0.40 > 0.20", mail.Message.Subject);
        Assert.IsType<MultipartAlternative>(mail.Message.Body);

        var text = mail.Message.TextBody;
        var html = mail.Message.HtmlBody;
        Assert.Contains("reject rate: 0.40   (alert when > 0.20)", text);
        Assert.Contains("documents rejected: 4", text);
        Assert.Contains("documents processed: 10", text);
        Assert.Contains("<td>reject rate</td><td><strong>0.40</strong></td><td>&gt; 0.20</td>", html);
        Assert.Contains("<td>documents rejected</td><td><strong>4</strong></td>", html);
        foreach (var body in new[] { text, html })
        {
            Assert.Contains("https://docs.example/pipeline/runbooks/alert-quality.md", body);
            Assert.Contains("https://pipeline.example/ops/hangfire/pipeline/quality", body);
        }
        Assert.Contains("<a href=\"https://docs.example/pipeline/runbooks/alert-quality.md\">", html);
    }

    [Fact]
    public async Task Inside_the_cool_down_nothing_is_sent_and_after_it_a_reminder()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await using var smtp = SmtpTestServer.Start();
        await rig.AddQualityRunAsync(Job, AlertRig.Start.AddHours(-1), processed: 10, rejected: 5);
        var evaluator = rig.Evaluator(AlertRig.Smtp(smtp.Port, smtp.CertificateSha256), AlertRig.Options(cooldown: TimeSpan.FromHours(1)));

        await evaluator.EvaluateAsync(CancellationToken.None);
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        var inside = await evaluator.EvaluateAsync(CancellationToken.None);
        rig.Clock.Advance(TimeSpan.FromMinutes(50));
        var stillInside = await evaluator.EvaluateAsync(CancellationToken.None);
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        var after = await evaluator.EvaluateAsync(CancellationToken.None);

        Assert.Equal((1, 0), (inside.Firing, inside.Sent));
        Assert.Equal((1, 0), (stillInside.Firing, stillInside.Sent));
        Assert.Equal(1, after.Sent);
        Assert.Equal(
            ["[pipeline] FIRING quality: sample-docs reject rate 0.50 > 0.20", "[pipeline] FIRING quality: sample-docs reject rate 0.50 > 0.20 (still firing)"],
            smtp.Received.Select(m => m.Message.Subject));
        Assert.Contains("firing since 2026-03-02 09:00 UTC", smtp.Received.Last().Message.TextBody);
    }

    [Fact]
    public async Task A_cleared_condition_sends_one_recovery_email_linking_the_same_runbook()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await using var smtp = SmtpTestServer.Start();
        await rig.AddQualityRunAsync(Job, AlertRig.Start.AddHours(-1), processed: 10, rejected: 5);
        var evaluator = rig.Evaluator(AlertRig.Smtp(smtp.Port, smtp.CertificateSha256), AlertRig.Options());
        await evaluator.EvaluateAsync(CancellationToken.None);

        // The next sync is healthy: the condition clears.
        await rig.AddQualityRunAsync(Job, AlertRig.Start.AddMinutes(2), processed: 10, rejected: 0);
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        var cleared = await evaluator.EvaluateAsync(CancellationToken.None);
        rig.Clock.Advance(TimeSpan.FromHours(3));
        var later = await evaluator.EvaluateAsync(CancellationToken.None);

        Assert.Equal((0, 1), (cleared.Firing, cleared.Sent));
        Assert.Equal(0, later.Sent);
        var recovery = smtp.Received.Last();
        Assert.Equal(2, smtp.Received.Count);
        Assert.Equal("[pipeline] RESOLVED quality: sample-docs reject rate 0.50 > 0.20", recovery.Message.Subject);
        Assert.Contains("Resolved at 2026-03-02 09:05 UTC (firing since 2026-03-02 09:00 UTC)", recovery.Message.TextBody);
        Assert.Contains("https://docs.example/pipeline/runbooks/alert-quality.md", recovery.Message.HtmlBody);
    }

    [Fact]
    public async Task A_condition_that_flaps_is_not_announced_again_until_a_cool_down_after_its_recovery()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await using var smtp = SmtpTestServer.Start();
        var evaluator = rig.Evaluator(AlertRig.Smtp(smtp.Port, smtp.CertificateSha256), AlertRig.Options(cooldown: TimeSpan.FromHours(1)));
        var minute = 0;
        async Task SyncAndEvaluateAsync(int rejected)
        {
            minute += 10;
            await rig.AddQualityRunAsync(Job, AlertRig.Start.AddMinutes(minute), processed: 10, rejected: rejected);
            rig.Clock.Advance(TimeSpan.FromMinutes(10));
            await evaluator.EvaluateAsync(CancellationToken.None);
        }

        await SyncAndEvaluateAsync(rejected: 5); // FIRING
        await SyncAndEvaluateAsync(rejected: 0); // RESOLVED
        await SyncAndEvaluateAsync(rejected: 5); // fires again 10 min after the recovery e-mail: held
        await SyncAndEvaluateAsync(rejected: 0); // clear again: nothing to say
        await SyncAndEvaluateAsync(rejected: 5); // held
        Assert.Equal(["FIRING", "RESOLVED"], smtp.Received.Select(m => m.Message.Subject!.Split(' ')[1]));
        Assert.Contains(rig.Log.Entries, e => e.Message.Contains("flapping", StringComparison.Ordinal));

        for (var i = 0; i < 5; i++)
        {
            await SyncAndEvaluateAsync(rejected: 5); // still firing a full cool-down after the recovery e-mail: announced once
        }
        Assert.Equal(["FIRING", "RESOLVED", "FIRING"], smtp.Received.Select(m => m.Message.Subject!.Split(' ')[1]));
        Assert.Contains("[pipeline] FIRING quality:", smtp.Received.Last().Message.Subject);
        Assert.DoesNotContain("still firing", smtp.Received.Last().Message.Subject);
    }

    [Fact]
    public async Task With_the_smtp_server_down_the_failure_is_logged_and_the_email_goes_out_at_the_next_evaluation()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await rig.AddRunAsync(Job, "failed", AlertRig.Start.AddHours(-3), error: "connection refused");
        await rig.AddRunAsync(Job, "failed", AlertRig.Start.AddHours(-2), error: "connection refused");
        await rig.AddRunAsync(Job, "failed", AlertRig.Start.AddHours(-1), error: "connection refused");
        var port = SmtpTestServer.FreePort();
        var evaluator = rig.Evaluator(AlertRig.Smtp(port, certificateSha256: null), AlertRig.Options());

        var down = await evaluator.EvaluateAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (down.Firing, down.Sent, down.Failed));
        var logged = Assert.Single(rig.Log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("job-failing:sample-docs not sent; trying again at the next evaluation", logged.Message);
        Assert.NotNull(logged.Exception);
        Assert.DoesNotContain(rig.Log.Entries, e => e.Message.Contains(SmtpTestServer.Password, StringComparison.Ordinal));

        await using var smtp = SmtpTestServer.Start(port);
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        var up = await rig.Evaluator(AlertRig.Smtp(port, smtp.CertificateSha256), AlertRig.Options()).EvaluateAsync(CancellationToken.None);

        Assert.Equal((1, 0), (up.Sent, up.Failed));
        Assert.Equal("[pipeline] FIRING job-failing: sample-docs 3 failed syncs in a row ≥ 3", Assert.Single(smtp.Received).Message.Subject);
    }

    [Fact]
    public async Task Implicit_tls_delivers_as_well()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await using var smtp = SmtpTestServer.Start(implicitTls: true);
        await rig.AddQualityRunAsync(Job, AlertRig.Start.AddHours(-1), processed: 10, rejected: 5);
        var options = AlertRig.Smtp(smtp.Port, smtp.CertificateSha256) with { Tls = SmtpTlsMode.Tls };

        var result = await rig.Evaluator(options, AlertRig.Options()).EvaluateAsync(CancellationToken.None);

        Assert.Equal(1, result.Sent);
        var mail = Assert.Single(smtp.Received);
        Assert.Equal((true, SmtpTestServer.User), (mail.Secure, mail.AuthenticatedUser));
    }

    [Fact]
    public async Task A_server_certificate_that_is_neither_trusted_nor_pinned_is_refused()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await using var smtp = SmtpTestServer.Start();
        await rig.AddQualityRunAsync(Job, AlertRig.Start.AddHours(-1), processed: 10, rejected: 5);

        var result = await rig.Evaluator(AlertRig.Smtp(smtp.Port, certificateSha256: null), AlertRig.Options()).EvaluateAsync(CancellationToken.None);

        Assert.Equal((0, 1), (result.Sent, result.Failed));
        Assert.Empty(smtp.Received);
    }

    [Fact]
    public async Task Every_value_is_html_encoded_in_the_html_part()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await using var smtp = SmtpTestServer.Start();
        for (var i = 3; i > 0; i--)
        {
            await rig.AddRunAsync(Job, "failed", AlertRig.Start.AddHours(-i), error: "<script>alert('x')</script> & \"quoted\"\n   at Stack.Trace()");
        }

        await rig.Evaluator(AlertRig.Smtp(smtp.Port, smtp.CertificateSha256), AlertRig.Options()).EvaluateAsync(CancellationToken.None);

        var mail = Assert.Single(smtp.Received).Message;
        Assert.DoesNotContain("<script>", mail.HtmlBody);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", mail.HtmlBody);
        Assert.Contains("last error: <script>alert('x')</script> & \"quoted\"", mail.TextBody);
        Assert.DoesNotContain("Stack.Trace", mail.TextBody);
    }
}

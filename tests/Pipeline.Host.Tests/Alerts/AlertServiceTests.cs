using Pipeline.Host.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Alerts;
using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>The real service (Kestrel, Hangfire on PostgreSQL) configured for alerts evaluates them on its recurring job.</summary>
public sealed class AlertServiceTests
{
    [Fact]
    public async Task The_running_service_evaluates_alerts_on_its_recurring_job_and_mails_them()
    {
        await using var rig = await AlertRig.CreateAsync("nightly-alerts");
        await using var smtp = SmtpTestServer.Start();
        for (var hoursAgo = 3; hoursAgo > 0; hoursAgo--)
        {
            await rig.AddRunAsync("nightly-alerts", "failed", DateTimeOffset.UtcNow.AddHours(-hoursAgo), error: "source folder is gone");
        }
        var settings = new PipelineSettings
        {
            ConnectionString = rig.ConnectionString, DataDirectory = Path.Combine(rig.JobsPath, ".data"), JobsDirectory = rig.JobsPath, HomeDirectory = rig.JobsPath,
        };
        // The same names as the environment variables, given as configuration arguments: the environment is shared by parallel tests.
        await using var app = ServiceHost.Build(settings, rig.ConnectionString,
            TestServiceArgs.Loopback(
            "--PIPELINE_SMTP_HOST=127.0.0.1", $"--PIPELINE_SMTP_PORT={smtp.Port}", $"--PIPELINE_SMTP_CERT_SHA256={smtp.CertificateSha256}",
            $"--PIPELINE_SMTP_USER={SmtpTestServer.User}", $"--PIPELINE_SMTP_PASSWORD={SmtpTestServer.Password}",
            "--PIPELINE_ALERT_FROM=pipeline@example.org", "--PIPELINE_ALERT_TO=oncall@example.org",
            "--PIPELINE_PUBLIC_URL=https://ops.example.org/", "--PIPELINE_ALERT_SCHEDULE=*/5 * * * *"));
        await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        try
        {
            using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
            {
                Assert.Equal(["nightly-alerts", AlertJob.RecurringId], connection.GetRecurringJobs().Select(r => r.Id).Order());
            }

            app.Services.GetRequiredService<IRecurringJobManager>().Trigger(AlertJob.RecurringId);
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (smtp.Received.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            var mail = Assert.Single(smtp.Received);
            Assert.Equal("[pipeline] FIRING job-failing: nightly-alerts 3 failed syncs in a row ≥ 3", mail.Message.Subject);
            Assert.Equal(["oncall@example.org"], mail.Recipients);
            Assert.Contains("https://ops.example.org/hangfire/pipeline/runs", mail.Message.TextBody);
            Assert.Contains("runbooks/alert-job-failing.md", mail.Message.TextBody);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_failing_alert_job_sends_one_email_and_is_not_retried()
    {
        await using var rig = await AlertRig.CreateAsync("nightly-fails");
        await using var smtp = SmtpTestServer.Start();
        for (var hoursAgo = 3; hoursAgo > 0; hoursAgo--)
        {
            await rig.AddRunAsync("nightly-fails", "failed", DateTimeOffset.UtcNow.AddHours(-hoursAgo), error: "source folder is gone");
        }
        // The e-mail goes out, then recording it fails: the job fails after its side effect, as a lost database would make it.
        await using (var refuse = rig.DataSource.CreateCommand(
            """
            CREATE FUNCTION pipeline.refuse_alert_state() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'alert state refused by the test'; END $$;
            CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON pipeline.alert_state FOR EACH ROW EXECUTE FUNCTION pipeline.refuse_alert_state();
            """))
        {
            await refuse.ExecuteNonQueryAsync();
        }
        // A one-second retry delay for every other job: were it applied to alerts, the second e-mail would follow at once.
        var settings = new PipelineSettings
        {
            ConnectionString = rig.ConnectionString, DataDirectory = Path.Combine(rig.JobsPath, ".data"), JobsDirectory = rig.JobsPath, HomeDirectory = rig.JobsPath,
            JobRetryDelays = [1],
        };
        await using var app = ServiceHost.Build(settings, rig.ConnectionString,
            TestServiceArgs.Loopback(
            "--PIPELINE_SMTP_HOST=127.0.0.1", $"--PIPELINE_SMTP_PORT={smtp.Port}", $"--PIPELINE_SMTP_CERT_SHA256={smtp.CertificateSha256}",
            $"--PIPELINE_SMTP_USER={SmtpTestServer.User}", $"--PIPELINE_SMTP_PASSWORD={SmtpTestServer.Password}",
            "--PIPELINE_ALERT_FROM=pipeline@example.org", "--PIPELINE_ALERT_TO=oncall@example.org", "--PIPELINE_ALERT_SCHEDULE=0 0 1 1 *"));
        await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        try
        {
            var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            app.Services.GetRequiredService<IRecurringJobManager>().Trigger(AlertJob.RecurringId);
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (monitoring.FailedCount() == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            // Longer than the retry delay and the one-second schedule poll together: a retry would have sent by now.
            await Task.Delay(TimeSpan.FromSeconds(5));

            Assert.Equal(1, monitoring.FailedCount());
            Assert.Equal(0, monitoring.ScheduledCount());
            Assert.Single(smtp.Received);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}

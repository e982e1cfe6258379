using Pipeline.Core.Drift;
using Pipeline.Host.Alerts;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>A drift condition end to end: run figures in a real database, evaluated by every source and mailed to a real SMTP server.</summary>
public sealed class DriftAlertEmailTests
{
    private const string Job = "sample-docs";

    [Fact]
    public async Task A_crossed_drift_figure_is_mailed_with_every_crossed_figure_its_threshold_and_the_drift_runbook()
    {
        await using var rig = await AlertRig.CreateAsync(Job);
        await using var smtp = SmtpTestServer.Start();
        var run = await rig.AddRunAsync(Job, "succeeded", AlertRig.Start.AddHours(-1));
        await rig.AddFiguresAsync(run, Job,
            new RunFigure(RunFigureNames.CentroidShift, 0.41, 0.2, true),
            new RunFigure(RunFigureNames.SimilarityPsi, 1.234, 0.3071, true),
            new RunFigure(RunFigureNames.OcrShare, 0.1, 0.5, false),
            RunFigure.Recorded(RunFigureNames.NewChunks, 120),
            RunFigure.Recorded(RunFigureNames.BaselineChunks, 800));

        var result = await rig.Evaluator(AlertRig.Smtp(smtp.Port, smtp.CertificateSha256), AlertRig.Options()).EvaluateAsync(CancellationToken.None);

        Assert.Equal(new AlertEvaluation(Firing: 1, Sent: 1, Failed: 0, SourcesFailed: 0), result);
        var mail = Assert.Single(smtp.Received);
        Assert.Equal("[pipeline] FIRING drift: sample-docs centroid_shift 0.41 > 0.2, similarity_psi 1.234 > 0.307", mail.Message.Subject);
        Assert.Equal(["oncall@example.org", "data-team@example.org"], mail.Recipients);
        var text = mail.Message.TextBody;
        var html = mail.Message.HtmlBody;
        Assert.Contains("centroid_shift: 0.41   (alert when > 0.2)", text);
        Assert.Contains("similarity_psi: 1.234   (alert when > 0.307)", text);
        Assert.Contains("new_chunks: 120", text);
        Assert.Contains("baseline_chunks: 800", text);
        Assert.DoesNotContain("ocr_share", text);
        Assert.Contains("<td>centroid_shift</td><td><strong>0.41</strong></td><td>&gt; 0.2</td>", html);
        foreach (var body in new[] { text, html })
        {
            Assert.Contains("https://docs.example/pipeline/runbooks/alert-drift.md", body);
            Assert.Contains("https://pipeline.example/ops/hangfire/pipeline/drift", body);
        }
    }
}

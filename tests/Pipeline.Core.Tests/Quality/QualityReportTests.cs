using Pipeline.Core.Quality;

namespace Pipeline.Core.Tests.Quality;

public sealed class QualityReportTests
{
    private static QualityVerdict Warnings(int count) => new(
        Enumerable.Range(0, count).Select(i => new QualityFinding($"doc-{i}.pdf", i, QualityRuleNames.ChunkTooShort, QualitySeverity.Warn, $"chunk {i} is short")).ToList(),
        null, []);

    [Fact]
    public void Each_rule_is_counted_in_full_with_at_most_three_examples()
    {
        var report = new QualityReport();

        report.Record(Warnings(5), []);

        var rule = report.Summarise().Rules[QualityRuleNames.ChunkTooShort];
        Assert.Equal((QualitySeverity.Warn, 5), (rule.Severity, rule.Count));
        Assert.Equal(["doc-0.pdf", "doc-1.pdf", "doc-2.pdf"], rule.Examples.Select(e => e.Document));
        Assert.Equal(5, report.Summarise().Warnings);
    }

    [Fact]
    public void Warnings_beyond_the_cap_are_counted_but_not_stored_while_rejections_always_are()
    {
        var report = new QualityReport(maxStoredWarnings: 2);
        var rejection = new QualityFinding("bad.pdf", null, QualityRuleNames.GarbageRatio, QualitySeverity.Reject, "garbage");

        report.Record(Warnings(4), []);
        report.Record(new QualityVerdict([rejection], rejection, []), []);

        var stored = report.TakeFindingsToStore();
        Assert.Equal(3, stored.Count);
        Assert.Contains(rejection, stored);
        Assert.Equal(2, report.Summarise().WarningsNotStored);
        Assert.Empty(report.TakeFindingsToStore());
    }

    [Fact]
    public void The_report_serialises_as_rules_with_severity_count_and_examples()
    {
        var report = new QualityReport();
        report.Record(Warnings(1), []);

        var json = System.Text.Json.JsonSerializer.Serialize(report.Summarise());

        Assert.Equal(
            """{"rules":{"chunk-too-short":{"severity":"warn","count":1,"examples":[{"document":"doc-0.pdf","chunk":0,"message":"chunk 0 is short"}]}},"documents_rejected":0,"chunks_rejected":0,"warnings":1,"warnings_not_stored":0}""",
            json);
    }
}

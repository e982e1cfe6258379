using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction;

public sealed class RedactionOptionsTests
{
    [Fact]
    public void Defaults_mask_email_cards_ibans_ssns_phones_and_every_secret_and_skip_ip_addresses()
    {
        var options = new RedactionOptions();

        foreach (var detector in DetectorNames.Secrets.Concat([DetectorNames.Email, DetectorNames.Card, DetectorNames.Iban, DetectorNames.UsSsn, DetectorNames.Phone]))
        {
            Assert.Equal(RedactionAction.Mask, options.ActionFor(detector));
        }
        Assert.Equal(RedactionAction.Off, options.ActionFor(DetectorNames.IpAddress));
        Assert.Null(options.Problem());
    }

    [Theory]
    [InlineData("emails", "mask", "'emails' is not a detector")]
    [InlineData("email", "hide", "'hide' is not a redaction action")]
    public void An_unknown_detector_or_action_is_a_problem_naming_it(string detector, string action, string message)
    {
        var options = new RedactionOptions { Detectors = new Dictionary<string, string> { [detector] = action } };

        Assert.Contains(message, options.Problem());
    }

    [Fact]
    public void Every_action_name_reads_back_as_itself()
    {
        foreach (var action in Enum.GetValues<RedactionAction>())
        {
            Assert.Equal(action, RedactionActions.Parse(action.Name()));
        }
    }

    [Fact]
    public void The_report_counts_by_detector_and_action_and_bounds_what_it_stores()
    {
        var report = new RedactionReport(maxStoredFindings: 2);
        var findings = Enumerable.Range(0, 3).Select(i => new RedactionFinding("d", DetectorNames.Email, RedactionAction.Mask, FindingLocation.Body, $"h{i}", null))
            .Append(new RedactionFinding("d", DetectorNames.AwsAccessKey, RedactionAction.QuarantineDocument, FindingLocation.Body, "k", null)).ToList();

        report.Record(findings, quarantined: true);
        report.CountDroppedChunks(2);
        var summary = report.Summarise();

        Assert.Equal(3, summary.Detectors[DetectorNames.Email]);
        Assert.Equal((3, 1), (summary.Actions["mask"], summary.Actions["quarantine-document"]));
        Assert.Equal((1, 2, 1, 2), (summary.Secrets, summary.ChunksDropped, summary.DocumentsQuarantined, summary.FindingsNotStored));
        Assert.Equal(2, report.TakeFindingsToStore().Count);
    }
}

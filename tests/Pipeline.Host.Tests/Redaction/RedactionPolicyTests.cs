using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Bench;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Redaction;

/// <summary>
/// The actions of a job's <c>redaction</c> policy through the real pipeline (PDFs, the model, PostgreSQL): drop-chunk,
/// quarantine-document, flag and the defaults; a policy change reprocesses the documents; a bad policy stops loading.
/// </summary>
public sealed class RedactionPolicyTests
{
    private const string Filler =
        "The team reviews the numbers every Monday, writes down what changed, and agrees who follows up before the next meeting. "
        + "Nothing is decided by e-mail alone: a decision is written into the handbook with its date and the name of whoever made it. ";

    [Fact]
    public async Task Drop_chunk_leaves_out_only_the_chunks_holding_the_value_and_quarantine_document_keeps_the_whole_document_out()
    {
        using var folder = new TempFolder();
        WriteSections(folder.File("handbook.pdf"), "Handbook",
            ("Billing", $"Billing questions go to {PlantedValues.Email} during office hours. " + Filler),
            ("Deployment", "Deployments happen on Tuesdays after the change board has approved the release notes. " + Filler));
        WriteSections(folder.File("keys.pdf"), "Keys", ("Access", $"The deploy user still signs requests with {PlantedValues.AwsKey} on the old host. " + Filler));
        await using var harness = await PipelineHarness.CreateAsync("redaction_actions", jobs => File.WriteAllText(jobs.File("docs.json"), $$"""
            { "name": "docs", "schedule": "0 * * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" },
              "redaction": { "detectors": { "email": "drop-chunk", "aws-access-key": "quarantine-document" } } }
            """));

        var summary = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("docs", "test", null, CancellationToken.None);

        Assert.Equal(1, summary.Redaction.ChunksDropped);
        Assert.Equal(1, summary.Redaction.DocumentsQuarantined);
        Assert.Equal(1, summary.Redaction.Actions["drop-chunk"]);
        Assert.Equal(1, summary.Redaction.Actions["quarantine-document"]);
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(("keys.pdf", "sensitive-data:aws-access-key"), (failure.Document, failure.Reason));
        Assert.DoesNotContain(PlantedValues.AwsKey, failure.Message);
        Assert.Contains("quarantine-document", failure.Message);
        var handbook = await harness.ScalarAsync<string>(
            "SELECT string_agg(c.text, ' | ' ORDER BY c.ordinal) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.external_id = 'handbook.pdf'");
        Assert.Contains("Deployments happen on Tuesdays", handbook);
        Assert.DoesNotContain("Billing questions", handbook);
        Assert.DoesNotContain(DocumentRedactorMarker, handbook);
        Assert.Equal(0L, await harness.ScalarAsync<long>(
            "SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.external_id = 'keys.pdf'"));
        Assert.Equal("failed", await harness.ScalarAsync<string>("SELECT status FROM pipeline.documents WHERE external_id = 'keys.pdf'"));
        // The kept chunks are numbered without a gap; the dropped value's finding names no stored chunk.
        Assert.Equal(0, await harness.ScalarAsync<int>(
            "SELECT min(c.ordinal) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.external_id = 'handbook.pdf'"));
        Assert.True(await harness.ScalarAsync<bool>(
            "SELECT chunk_ordinal IS NULL FROM pipeline.redaction_findings WHERE detector = 'email' AND action = 'drop-chunk' AND location = 'body'"));
    }

    [Fact]
    public async Task Flag_keeps_the_value_and_records_it_and_changing_the_policy_reprocesses_the_document_without_a_new_version()
    {
        using var folder = new TempFolder();
        WriteSections(folder.File("contacts.pdf"), "Contacts", ("Support", $"Write to {PlantedValues.Email} for a refund. " + Filler));
        await using var harness = await PipelineHarness.CreateAsync("redaction_flag", jobs => WriteJob(jobs, folder, "flag"));

        var flagged = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("contacts", "test", null, CancellationToken.None);

        Assert.Equal(1, flagged.Redaction.Actions["flag"]);
        Assert.Contains(PlantedValues.Email, await harness.ScalarAsync<string>("SELECT string_agg(text, ' ') FROM pipeline.chunks"));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunks WHERE text LIKE '%[EMAIL]%'"));

        WriteJob(harness.Jobs, folder, "mask");
        await using var restarted = harness.Restarted();
        var masked = await restarted.Services.GetRequiredService<JobIngestion>().RunAsync("contacts", "test", null, CancellationToken.None);

        Assert.Equal(1, masked.Documents.Reprocessed);
        Assert.Equal(1, masked.Documents.Changed);
        var text = await restarted.ScalarAsync<string>("SELECT string_agg(text, ' ') FROM pipeline.chunks");
        Assert.DoesNotContain(PlantedValues.Email, text);
        Assert.Contains("[EMAIL]", text);
        // The same value under the same key: two runs' findings share one hash.
        Assert.Equal(1L, await restarted.ScalarAsync<long>("SELECT count(DISTINCT value_hash) FROM pipeline.redaction_findings"));
    }

    [Fact]
    public async Task An_ad_hoc_ingest_masks_by_default()
    {
        using var folder = new TempFolder();
        WriteSections(folder.File("notes.pdf"), "Notes", ("Keys", $"Old key {PlantedValues.AwsKey}, owner {PlantedValues.Email}. " + Filler));
        await using var harness = await PipelineHarness.CreateAsync("redaction_adhoc");

        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.Equal(0, summary.Documents.Failed);
        Assert.True(summary.Redaction.Actions["mask"] >= 2, string.Join(",", summary.Redaction.Actions));
        var text = await harness.ScalarAsync<string>("SELECT string_agg(text, ' ') FROM pipeline.chunks");
        Assert.DoesNotContain(PlantedValues.AwsKey, text);
        Assert.DoesNotContain(PlantedValues.Email, text);
        Assert.Contains("[SECRET]", text);
    }

    [Theory]
    [InlineData(""" "detectors": { "emails": "mask" } """, "redaction.detectors")]
    [InlineData(""" "detectors": { "email": "hide" } """, "redaction.detectors.email' violates 'enum'")]
    [InlineData(""" "phoneRegion": "uk" """, "phoneRegion")]
    public void A_policy_naming_an_unknown_detector_or_action_or_region_stops_the_job_from_loading(string redaction, string message)
    {
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("bad.json"), $$"""
            { "name": "bad", "schedule": "0 * * * *", "source": { "kind": "pdf-folder", "path": "/tmp" }, "redaction": { {{redaction}} } }
            """);

        var error = Assert.ThrowsAny<Exception>(() => JobCatalog.Load(jobs.Path));

        Assert.Contains(message, error.Message);
    }

    private const string DocumentRedactorMarker = Pipeline.Core.Redaction.DocumentRedactor.DropMarker;

    private static void WriteJob(TempFolder jobs, TempFolder folder, string emailAction) => File.WriteAllText(jobs.File("contacts.json"), $$"""
        { "name": "contacts", "schedule": "0 * * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" },
          "redaction": { "detectors": { "email": "{{emailAction}}" } } }
        """);

    /// <summary>A PDF with a title and one heading per section, each section long enough to be a chunk of its own.</summary>
    private static void WriteSections(string path, string title, params (string Heading, string Text)[] sections)
    {
        var layout = new GeneratedPdfLayout(title, maxPages: 3);
        layout.Heading(title, 1);
        foreach (var (heading, text) in sections)
        {
            layout.Heading(heading, 2);
            layout.Paragraph(text + Filler);
        }
        File.WriteAllBytes(path, layout.Build());
    }
}

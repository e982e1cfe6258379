using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Quality;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Quality;

namespace Pipeline.Host.Tests.Quality;

/// <summary>A job's quality rules through the real pipeline: real OCR, real model, real PostgreSQL.</summary>
public sealed class QualityIngestionTests
{
    private const string Scanned = "scan-linn-brochure-2col.pdf";

    private static readonly string[] BornDigital = ["dpr-paper-two-column.pdf", "rotation-page2-rotate90.pdf"];

    [Fact]
    public async Task A_job_demanding_near_perfect_ocr_quarantines_the_scan_with_a_finding_and_indexes_the_born_digital_files()
    {
        using var folder = Corpus.CopyToTemp([Scanned, .. BornDigital]);
        await using var harness = await PipelineHarness.CreateAsync("quality_ocr", jobs => File.WriteAllText(jobs.File("strict.json"), $$"""
            {
              "name": "strict-ocr",
              "schedule": "0 2 * * *",
              "source": { "kind": "pdf-folder", "path": {{JsonSerializer.Serialize(folder.Path)}} },
              "quality": { "ocrConfidence": { "severity": "reject", "minConfidence": 99 } }
            }
            """));

        var summary = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("strict-ocr", "test", null, CancellationToken.None);

        Assert.True(summary.Documents.New == 2, JsonSerializer.Serialize(summary));
        var failure = Assert.Single(summary.Failures);
        Assert.Equal((Scanned, "quality:ocr-confidence"), (failure.Document, failure.Reason));
        Assert.Contains("is under 99", failure.Message);
        Assert.Equal("quality:ocr-confidence", await harness.ScalarAsync<string>(
            "SELECT failure_reason FROM pipeline.documents WHERE external_id = @doc AND status = 'failed'", ("doc", Scanned)));
        Assert.Equal(0L, await harness.ScalarAsync<long>(
            "SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.external_id = @doc", ("doc", Scanned)));
        Assert.Equal(2L, await harness.ScalarAsync<long>(
            "SELECT count(*) FROM pipeline.documents WHERE status = 'indexed' AND external_id = ANY(@docs)", ("docs", BornDigital)));

        var findings = await harness.Services.GetRequiredService<QualityFindingStore>().ListAsync(summary.RunId, CancellationToken.None);
        var finding = Assert.Single(findings, f => f.Rule == QualityRuleNames.OcrConfidence);
        Assert.Equal((Scanned, (int?)null, QualitySeverity.Reject), (finding.ExternalId, finding.ChunkOrdinal, finding.Severity));

        var rule = summary.Quality.Rules[QualityRuleNames.OcrConfidence];
        Assert.Equal((QualitySeverity.Reject, 1), (rule.Severity, rule.Count));
        Assert.Equal(Scanned, Assert.Single(rule.Examples).Document);
        Assert.Equal(1, summary.Quality.DocumentsRejected);
        // The stored run carries the same report.
        Assert.Equal("reject", await harness.ScalarAsync<string>(
            "SELECT summary -> 'quality' -> 'rules' -> 'ocr-confidence' ->> 'severity' FROM pipeline.runs WHERE id = @id", ("id", summary.RunId)));

        // Quarantined documents are read again on every run (so a fixed file is picked up); the born-digital ones are not.
        var again = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("strict-ocr", "test", null, CancellationToken.None);
        Assert.Equal((2, "quality:ocr-confidence"), (again.Documents.Unchanged, Assert.Single(again.Failures).Reason));
        Assert.Equal(2L, await harness.ScalarAsync<long>("SELECT count(DISTINCT run_id) FROM pipeline.quality_findings WHERE external_id = @doc", ("doc", Scanned)));
    }

    [Fact]
    public async Task The_default_rules_let_the_same_files_ingest()
    {
        using var folder = Corpus.CopyToTemp([Scanned, .. BornDigital]);
        await using var harness = await PipelineHarness.CreateAsync("quality_default");

        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.True(summary.Documents.New == 3 && summary.Documents.Failed == 0, JsonSerializer.Serialize(summary));
        Assert.Equal(0, summary.Quality.DocumentsRejected);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.quality_findings WHERE severity = 'reject'"));
    }

    [Fact]
    public void A_job_with_a_pattern_that_does_not_compile_stops_start_up_naming_the_file()
    {
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("bad.json"), """
            {
              "name": "bad",
              "schedule": "0 2 * * *",
              "source": { "kind": "pdf-folder", "path": "." },
              "quality": { "boilerplateChunk": { "patterns": ["(unclosed"] } }
            }
            """);
        var settings = new PipelineSettings { ConnectionString = "Host=unused", DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };

        var error = Assert.Throws<JobDefinitionException>(() => new ServiceCollection().AddPipeline(settings, settings.ConnectionString));

        Assert.StartsWith("bad.json: ", error.Message);
        Assert.Contains("not a valid regular expression", error.Message);
    }

    [Fact]
    public void A_severity_the_schema_does_not_know_is_refused_with_its_field()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""
            { "name": "x", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "." }, "quality": { "duplicateChunk": { "severity": "drop" } } }
            """);

        Assert.Contains(JobCatalog.Validate(node), e => e.Contains("quality.duplicateChunk.severity", StringComparison.Ordinal));
    }
}

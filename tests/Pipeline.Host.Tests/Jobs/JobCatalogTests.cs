using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Jobs;

public sealed class JobCatalogTests
{
    [Fact]
    public void The_shipped_jobs_folder_is_valid_and_has_a_nightly_pdf_sync()
    {
        var catalog = JobCatalog.Load(RepositoryFolder("jobs"));

        var sample = catalog.Get("sample-docs");
        Assert.Equal("pdf-folder", sample.Source.Kind);
        Assert.Equal("0 2 * * *", sample.Schedule);
        Assert.True(Directory.Exists(Path.GetFullPath(sample.Source.Path!, Path.GetDirectoryName(sample.FilePath)!)), "the sample folder must exist");
    }

    [Fact]
    public void The_example_jobs_for_jira_and_confluence_are_valid()
    {
        var examples = JobCatalog.Load(RepositoryFolder(Path.Combine("jobs", "examples")));

        Assert.Equal(["confluence-engineering", "jira-datacenter", "jira-platform"], examples.Jobs.Select(j => j.Name).Order().ToArray());
        Assert.All(examples.Jobs, j => Assert.DoesNotContain("token", j.Source.Site!, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("""{ "name": "Bad Name", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x" } }""", "name", "pattern")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "ftp" } }""", "source.kind", "enum")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder" } }""", "source", "required")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x", "pasword": "y" } }""", "source.pasword", "additionalProperties")]
    [InlineData("""{ "name": "a", "schedule": "61 2 * * *", "source": { "kind": "pdf-folder", "path": "x" } }""", "schedule", "cron")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x" }, "chunking": { "overlapPercent": 90 } }""", "chunking.overlapPercent", "maximum")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "jira", "site": "https://x.atlassian.net" } }""", "source", "anyOf › required")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "confluence", "site": "https://x.atlassian.net", "spaces": ["ENG"], "tokenEnv": "lower" } }""", "source.tokenEnv", "pattern")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "confluence", "site": "https://x.atlassian.net", "spaces": ["ENG"], "path": "x" } }""", "source.path", "additionalProperties")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x" }, "deletion": { "maxPercent": 150 } }""", "deletion.maxPercent", "maximum")]
    [InlineData("""{ "name": "a", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x" }, "deletion": { "minDocuments": 0 } }""", "deletion.minDocuments", "minimum")]
    public void An_invalid_job_is_rejected_naming_the_file_the_field_and_the_rule(string json, string field, string rule)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("broken.json"), json);

        var error = Assert.Throws<JobDefinitionException>(() => JobCatalog.Load(folder.Path));

        Assert.StartsWith("broken.json:", error.Message);
        Assert.Contains($"'{field}'", error.Message);
        Assert.Contains($"'{rule}'", error.Message);
        // Only the real violation: no noise from the "if" of another source kind.
        Assert.DoesNotContain("pdf-folder", error.Message);
    }

    [Fact]
    public void Two_files_with_the_same_job_name_are_rejected()
    {
        using var folder = new TempFolder();
        const string job = """{ "name": "twice", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x" } }""";
        File.WriteAllText(folder.File("a.json"), job);
        File.WriteAllText(folder.File("b.json"), job);

        var error = Assert.Throws<JobDefinitionException>(() => JobCatalog.Load(folder.Path));

        Assert.Contains("twice", error.Message);
        Assert.Contains("a.json", error.Message);
        Assert.Contains("b.json", error.Message);
    }

    [Fact]
    public void A_document_inflation_limit_below_the_stream_limit_is_refused_and_one_above_it_loads()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("low.json"), """
            { "name": "low", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x", "maxDecodedStreamMegabytes": 512, "maxDecodedDocumentMegabytes": 300 } }
            """);

        var error = Assert.Throws<JobDefinitionException>(() => JobCatalog.Load(folder.Path));
        File.WriteAllText(folder.File("low.json"), """
            { "name": "low", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x", "maxDecodedStreamMegabytes": 512, "maxDecodedDocumentMegabytes": 4096 } }
            """);

        Assert.Contains("maxDecodedDocumentMegabytes (300) must be at least maxDecodedStreamMegabytes (512)", error.Message);
        Assert.Equal(4096, JobCatalog.Load(folder.Path).Get("low").Source.MaxDecodedDocumentMegabytes);
    }

    public static string RepositoryFolder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }
        throw new DirectoryNotFoundException("repository root not found");
    }
}

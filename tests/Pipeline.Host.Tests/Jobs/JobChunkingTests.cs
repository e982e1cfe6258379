using Pipeline.Core.Chunking;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Jobs;

/// <summary>The job file's <c>chunking.prefix</c> and the boolean it replaced, <c>prependHeadingPath</c>.</summary>
public sealed class JobChunkingTests
{
    private static JobDefinition Load(string chunking)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("docs.json"), $$"""
            { "name": "docs", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "x" }, "chunking": { {{chunking}} } }
            """);
        return JobCatalog.Load(folder.Path).Get("docs");
    }

    [Theory]
    [InlineData("\"prefix\": \"title-headings\"", ChunkPrefix.TitleHeadings)]
    [InlineData("\"prefix\": \"none\"", ChunkPrefix.None)]
    [InlineData("\"prependHeadingPath\": false", ChunkPrefix.None)]
    [InlineData("\"prependHeadingPath\": true", ChunkPrefix.Headings)]
    [InlineData("\"prefix\": \"title-headings\", \"prependHeadingPath\": true", ChunkPrefix.TitleHeadings)]
    public void The_prefix_or_its_alias_decides_what_the_chunker_prepends(string chunking, ChunkPrefix expected)
    {
        Assert.Equal(expected, JobIngestion.ChunkingFor(Load(chunking)).Prefix);
    }

    [Fact]
    public void A_job_that_says_nothing_gets_the_shipped_default()
    {
        Assert.Equal(new ChunkingOptions().Prefix, JobIngestion.ChunkingFor(Load("")).Prefix);
        Assert.Equal(new ChunkingOptions().MaxTokens, JobIngestion.ChunkingFor(Load("")).MaxTokens);
    }

    [Theory]
    [InlineData("\"prefix\": \"none\", \"prependHeadingPath\": true")]
    [InlineData("\"prefix\": \"headings\", \"prependHeadingPath\": false")]
    public void A_prefix_its_alias_contradicts_is_refused_naming_both(string chunking)
    {
        var error = Assert.Throws<JobDefinitionException>(() => Load(chunking));

        Assert.StartsWith("docs.json:", error.Message);
        Assert.Contains("chunking.prefix", error.Message);
        Assert.Contains("chunking.prependHeadingPath", error.Message);
    }

    [Fact]
    public void An_unknown_prefix_is_refused_by_the_schema()
    {
        var error = Assert.Throws<JobDefinitionException>(() => Load("\"prefix\": \"title\""));

        Assert.Contains("'chunking.prefix'", error.Message);
        Assert.Contains("'enum'", error.Message);
    }
}

using Pipeline.Core.Chunking;
using Pipeline.Core.Fingerprints;
using Pipeline.Core.Quality;

namespace Pipeline.Core.Tests.Fingerprints;

public sealed class PipelineFingerprintTests
{
    private static readonly string Default = PipelineFingerprint.Compute(new ChunkingOptions(), new QualityOptions());

    [Fact]
    public void The_same_settings_give_the_same_sha256_every_time()
    {
        Assert.Equal(Default, PipelineFingerprint.Compute(new ChunkingOptions(), new QualityOptions()));
        Assert.Matches("^[0-9a-f]{64}$", Default);
    }

    public static TheoryData<string, ChunkingOptions, QualityOptions> Changes => new()
    {
        { "max tokens", new ChunkingOptions { MaxTokens = 200 }, new QualityOptions() },
        { "overlap", new ChunkingOptions { OverlapPercent = 20 }, new QualityOptions() },
        { "heading path", new ChunkingOptions { PrependHeadingPath = false }, new QualityOptions() },
        { "min tokens share", new ChunkingOptions { MinTokensPercent = 5 }, new QualityOptions() },
        { "a rule's threshold", new ChunkingOptions(), new QualityOptions { ChunkTooShort = new ChunkTooShortRule { MinTokens = 4 } } },
        { "a rule's severity", new ChunkingOptions(), new QualityOptions { ChunkTooShort = new ChunkTooShortRule { Severity = QualitySeverity.Reject } } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Any_setting_that_shapes_the_chunks_changes_the_fingerprint(string change, ChunkingOptions chunking, QualityOptions quality)
    {
        Assert.True(PipelineFingerprint.Compute(chunking, quality) != Default, change);
    }

    [Fact]
    public void How_many_warnings_a_run_stores_does_not_change_the_fingerprint()
    {
        Assert.Equal(Default, PipelineFingerprint.Compute(new ChunkingOptions(), new QualityOptions { MaxStoredWarningsPerRun = 5 }));
    }

    [Fact]
    public void The_hashed_description_names_the_extractor_version_with_keys_in_order()
    {
        var description = PipelineFingerprint.Describe(new ChunkingOptions(), new QualityOptions());

        Assert.Contains($"\"extractorVersion\":{PipelineFingerprint.ExtractorVersion}", description);
        Assert.StartsWith("{\"chunking\":{\"maxTokens\":384,\"minTokensPercent\":15,\"overlapPercent\":10,\"prependHeadingPath\":true},\"extractorVersion\":", description);
        Assert.True(description.IndexOf("\"quality\"", StringComparison.Ordinal) < description.IndexOf("\"textTransforms\"", StringComparison.Ordinal));
    }
}

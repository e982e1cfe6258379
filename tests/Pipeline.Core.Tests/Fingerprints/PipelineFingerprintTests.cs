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
        { "prefix none", new ChunkingOptions { Prefix = ChunkPrefix.None }, new QualityOptions() },
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
        Assert.StartsWith($"{{\"chunking\":{{\"maxTokens\":{new ChunkingOptions().MaxTokens},\"minTokensPercent\":15,\"overlapPercent\":{new ChunkingOptions().OverlapPercent},", description);
        Assert.True(description.IndexOf("\"quality\"", StringComparison.Ordinal) < description.IndexOf("\"textTransforms\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Prefixes_none_and_headings_keep_the_fingerprint_of_the_boolean_they_replaced()
    {
        // An index built before chunking.prefix existed must not be reprocessed by the upgrade alone.
        var headings = new ChunkingOptions { MaxTokens = 384, OverlapPercent = 10, Prefix = ChunkPrefix.Headings };
        var none = new ChunkingOptions { MaxTokens = 384, OverlapPercent = 10, Prefix = ChunkPrefix.None };

        Assert.StartsWith("{\"chunking\":{\"maxTokens\":384,\"minTokensPercent\":15,\"overlapPercent\":10,\"prependHeadingPath\":true},", PipelineFingerprint.Describe(headings, new QualityOptions()));
        Assert.StartsWith("{\"chunking\":{\"maxTokens\":384,\"minTokensPercent\":15,\"overlapPercent\":10,\"prependHeadingPath\":false},", PipelineFingerprint.Describe(none, new QualityOptions()));
    }

    [Fact]
    public void The_title_prefix_changes_the_fingerprint_so_documents_are_reprocessed()
    {
        var headings = new ChunkingOptions { Prefix = ChunkPrefix.Headings };
        var titled = new ChunkingOptions { Prefix = ChunkPrefix.TitleHeadings };

        Assert.NotEqual(PipelineFingerprint.Compute(headings, new QualityOptions()), PipelineFingerprint.Compute(titled, new QualityOptions()));
        Assert.Contains("\"prefix\":\"title-headings\"", PipelineFingerprint.Describe(titled, new QualityOptions()));
    }

    [Fact]
    public void A_redaction_policy_change_changes_the_fingerprint_and_spelling_out_a_default_does_not()
    {
        var masked = new Pipeline.Core.Redaction.RedactionOptions();
        var spelledOut = new Pipeline.Core.Redaction.RedactionOptions { Detectors = new Dictionary<string, string> { ["email"] = "mask" } };
        var flagged = new Pipeline.Core.Redaction.RedactionOptions { Detectors = new Dictionary<string, string> { ["email"] = "flag" } };
        var region = new Pipeline.Core.Redaction.RedactionOptions { PhoneRegion = "DE" };

        Assert.Equal(Default, PipelineFingerprint.Compute(new ChunkingOptions(), new QualityOptions(), masked));
        Assert.Equal(Default, PipelineFingerprint.Compute(new ChunkingOptions(), new QualityOptions(), spelledOut));
        Assert.NotEqual(Default, PipelineFingerprint.Compute(new ChunkingOptions(), new QualityOptions(), flagged));
        Assert.NotEqual(Default, PipelineFingerprint.Compute(new ChunkingOptions(), new QualityOptions(), region));
    }
}

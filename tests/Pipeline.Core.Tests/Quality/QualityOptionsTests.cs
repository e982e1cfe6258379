using System.Text.Json;
using Pipeline.Core.Quality;

namespace Pipeline.Core.Tests.Quality;

public sealed class QualityOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_reject_only_what_is_clearly_not_a_document()
    {
        var options = new QualityOptions();

        Assert.True(new QualityOptionsValidator().Validate(options).IsValid);
        Assert.Equal(
            [QualitySeverity.Reject, QualitySeverity.Reject, QualitySeverity.Warn, QualitySeverity.Reject, QualitySeverity.Warn, QualitySeverity.Warn, QualitySeverity.Warn, QualitySeverity.Warn],
            new QualityRule[] { options.EmptyText, options.Oversized, options.OcrConfidence, options.GarbageRatio, options.ChunkTooShort, options.ChunkGarbageRatio, options.DuplicateChunk, options.BoilerplateChunk }.Select(r => r.Severity));
    }

    [Fact]
    public void Out_of_range_thresholds_are_named_in_the_error()
    {
        var options = new QualityOptions
        {
            OcrConfidence = new OcrConfidenceRule { MinConfidence = 150 },
            GarbageRatio = new DocumentGarbageRatioRule { MaxRatio = -0.1 },
        };

        var error = Assert.Throws<ArgumentException>(() => QualityOptionsValidator.EnsureValid(options));

        Assert.Contains("quality.ocrConfidence.minConfidence", error.Message);
        Assert.Contains("quality.garbageRatio.maxRatio", error.Message);
    }

    [Fact]
    public void A_boilerplate_pattern_that_is_not_a_regular_expression_is_refused()
    {
        var options = new QualityOptions { BoilerplateChunk = new BoilerplateChunkRule { Patterns = ["(unclosed"] } };

        var error = Assert.Throws<ArgumentException>(() => new QualityInspector(options));

        Assert.Contains("'(unclosed' is not a valid regular expression", error.Message);
    }

    [Fact]
    public void A_minimum_size_above_the_maximum_is_refused()
    {
        var options = new QualityOptions { EmptyText = new EmptyTextRule { MinCharacters = 500 }, Oversized = new OversizedRule { MaxCharacters = 100 } };

        Assert.False(new QualityOptionsValidator().Validate(options).IsValid);
    }

    [Fact]
    public void A_job_file_setting_only_a_threshold_keeps_that_rules_default_severity()
    {
        var options = JsonSerializer.Deserialize<QualityOptions>(
            """{"chunkGarbageRatio":{"maxRatio":0.5},"ocrConfidence":{"severity":"reject","minConfidence":99},"duplicateChunk":{"severity":"off"}}""")!;

        Assert.Equal((QualitySeverity.Warn, 0.5), (options.ChunkGarbageRatio.Severity, options.ChunkGarbageRatio.MaxRatio));
        Assert.Equal((QualitySeverity.Reject, 99.0), (options.OcrConfidence.Severity, options.OcrConfidence.MinConfidence));
        Assert.False(options.DuplicateChunk.IsOn);
        Assert.Equal(QualitySeverity.Reject, options.GarbageRatio.Severity);
    }
}

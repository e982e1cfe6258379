using Pipeline.Core.Quality;

namespace Pipeline.Core.Tests.Quality;

public sealed class DocumentQualityRulesTests
{
    private static QualityVerdict Inspect(QualityOptions options, Pipeline.Core.Documents.SourceDocument document) =>
        new QualityInspector(options).Inspect(document, [Samples.Chunk(0, Samples.Prose)]);

    [Fact]
    public void An_ordinary_document_passes_every_default_rule()
    {
        var verdict = Inspect(new QualityOptions(), Samples.Document(Samples.Prose, Samples.TextPage(1)));

        Assert.Empty(verdict.Findings);
        Assert.Null(verdict.Rejection);
        Assert.Single(verdict.KeptChunks);
    }

    [Fact]
    public void A_document_of_replacement_characters_is_rejected_as_garbage()
    {
        var verdict = Inspect(new QualityOptions(), Samples.Document("Pump \uFFFD\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD station"));

        Assert.Equal(QualityRuleNames.GarbageRatio, verdict.Rejection?.Rule);
        Assert.Contains("garbage", verdict.Rejection!.Message);
        Assert.Empty(verdict.KeptChunks);
    }

    [Fact]
    public void Private_use_glyphs_and_control_characters_are_garbage()
    {
        var text = string.Concat(Enumerable.Repeat("\uE001\uE002\u0001\uE003 ", 20)) + "a few real words";

        Assert.True(TextProfile.Of(text).GarbageRatio > 0.7);
    }

    [Fact]
    public void Mojibake_from_utf8_read_as_windows_1252_is_garbage()
    {
        var mojibake = string.Concat(Enumerable.Repeat("cafÃ© â€™ rÃ©sumÃ© ", 10));

        var profile = TextProfile.Of(mojibake);

        Assert.InRange(profile.GarbageRatio, 0.3, 0.6);
        Assert.Equal(QualityRuleNames.GarbageRatio, Inspect(new QualityOptions(), Samples.Document(mojibake)).Rejection?.Rule);
    }

    [Fact]
    public void A_table_of_figures_and_accented_prose_is_not_garbage()
    {
        const string table = "Year | Revenue ($m) | Margin (%)\n2019 | 1,204.5 | 12.3%\n2020 | 1,310.0 | -4.1%\nCafé résumé naïve façade, São Paulo — “quoted”.";

        Assert.Equal(0, TextProfile.Of(table).Garbage);
    }

    [Fact]
    public void A_near_empty_document_is_rejected_as_empty_text()
    {
        var verdict = Inspect(new QualityOptions(), Samples.Document("p. 1  —  ok"));

        Assert.Equal(QualityRuleNames.EmptyText, verdict.Rejection?.Rule);
        Assert.Equal(QualitySeverity.Reject, verdict.Rejection!.Severity);
        Assert.Contains("fewer than the 20 required", verdict.Rejection.Message);
    }

    [Fact]
    public void A_document_over_the_size_limit_is_rejected_as_oversized()
    {
        var options = new QualityOptions { Oversized = new OversizedRule { MaxCharacters = 100 } };

        var verdict = Inspect(options, Samples.Document(Samples.Prose));

        Assert.Equal(QualityRuleNames.Oversized, verdict.Rejection?.Rule);
        Assert.Contains("more than the 100 allowed", verdict.Rejection!.Message);
    }

    [Fact]
    public void Low_ocr_confidence_is_only_a_warning_by_default()
    {
        var verdict = Inspect(new QualityOptions(), Samples.Document(Samples.Prose, Samples.OcrPage(1, 31.5)));

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal((QualityRuleNames.OcrConfidence, QualitySeverity.Warn), (finding.Rule, finding.Severity));
        Assert.Null(verdict.Rejection);
        Assert.Single(verdict.KeptChunks);
        Assert.Contains("mean OCR confidence 31.5", finding.Message);
    }

    [Fact]
    public void Ocr_confidence_is_weighted_by_the_characters_each_page_kept()
    {
        var options = new QualityOptions { OcrConfidence = new OcrConfidenceRule { Severity = QualitySeverity.Reject, MinConfidence = 80 } };
        var mostlyGood = Samples.Document(Samples.Prose, Samples.OcrPage(1, 95, characters: 2000), Samples.OcrPage(2, 30, characters: 100));
        var mostlyBad = Samples.Document(Samples.Prose, Samples.OcrPage(1, 95, characters: 100), Samples.OcrPage(2, 30, characters: 2000));

        Assert.Null(Inspect(options, mostlyGood).Rejection);
        var rejection = Inspect(options, mostlyBad).Rejection;
        Assert.Equal(QualityRuleNames.OcrConfidence, rejection?.Rule);
        Assert.Contains("lowest: page 2 at 30.0", rejection!.Message);
    }

    [Fact]
    public void A_born_digital_document_has_no_ocr_confidence_to_fail()
    {
        var options = new QualityOptions { OcrConfidence = new OcrConfidenceRule { Severity = QualitySeverity.Reject, MinConfidence = 99 } };

        Assert.Empty(Inspect(options, Samples.Document(Samples.Prose, Samples.TextPage(1), Samples.TextPage(2))).Findings);
    }

    [Fact]
    public void A_rule_set_to_off_is_not_checked()
    {
        var options = new QualityOptions { EmptyText = new EmptyTextRule { Severity = QualitySeverity.Off } };

        Assert.Empty(Inspect(options, Samples.Document("tiny")).Findings);
    }

    [Fact]
    public void A_rejected_document_names_one_rule_and_keeps_the_other_findings_in_its_message()
    {
        var options = new QualityOptions { OcrConfidence = new OcrConfidenceRule { MinConfidence = 90 } };

        var verdict = Inspect(options, Samples.Document("\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", Samples.OcrPage(1, 20)));

        Assert.Equal(QualityRuleNames.GarbageRatio, verdict.Rejection?.Rule);
        Assert.Contains("also ocr-confidence (warn)", verdict.Rejection!.Message);
        Assert.Equal(2, verdict.Findings.Count);
    }
}

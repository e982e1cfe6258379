using Pipeline.Core.Quality;

namespace Pipeline.Core.Tests.Quality;

public sealed class ChunkQualityRulesTests
{
    private static readonly Pipeline.Core.Documents.SourceDocument Document = Samples.Document(Samples.Prose);

    private static QualityVerdict Inspect(QualityOptions options, params Pipeline.Core.Chunking.Chunk[] chunks) =>
        new QualityInspector(options).Inspect(Document, chunks);

    [Fact]
    public void A_two_token_chunk_is_warned_about_as_too_short_and_kept()
    {
        var verdict = Inspect(new QualityOptions(), Samples.Chunk(0, Samples.Prose), Samples.Chunk(1, "See above", tokens: 2));

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal((QualityRuleNames.ChunkTooShort, 1, QualitySeverity.Warn), (finding.Rule, finding.ChunkOrdinal!.Value, finding.Severity));
        Assert.Equal(2, verdict.KeptChunks.Count);
    }

    [Fact]
    public void A_chunk_repeating_an_earlier_one_is_a_duplicate_whatever_its_whitespace_and_case()
    {
        var verdict = Inspect(new QualityOptions(), Samples.Chunk(0, Samples.Prose), Samples.Chunk(1, Samples.Prose.ToUpperInvariant().Replace(" ", "  \n")));

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(QualityRuleNames.DuplicateChunk, finding.Rule);
        Assert.Equal("the chunk repeats chunk 0 of the same document", finding.Message);
    }

    [Fact]
    public void Rejected_chunks_are_dropped_and_the_rest_renumbered_without_gaps()
    {
        var options = new QualityOptions { DuplicateChunk = new DuplicateChunkRule { Severity = QualitySeverity.Reject } };

        var verdict = Inspect(options, Samples.Chunk(0, Samples.Prose), Samples.Chunk(1, Samples.Prose), Samples.Chunk(2, "Seals are replaced by the contractor on site."));

        Assert.Null(verdict.Rejection);
        Assert.Equal([(0, Samples.Prose), (1, "Seals are replaced by the contractor on site.")], verdict.KeptChunks.Select(c => (c.Ordinal, c.Text)));
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal((QualitySeverity.Reject, 1), (finding.Severity, finding.ChunkOrdinal!.Value));
    }

    [Fact]
    public void A_chunk_of_garbage_in_a_good_document_is_only_a_warning_by_default()
    {
        var garbled = string.Concat(Enumerable.Repeat("\uE012\uE013■□ ", 10));

        var verdict = Inspect(new QualityOptions(), Samples.Chunk(0, Samples.Prose), Samples.Chunk(1, garbled));

        var finding = Assert.Single(verdict.Findings);
        Assert.Equal((QualityRuleNames.ChunkGarbageRatio, QualitySeverity.Warn), (finding.Rule, finding.Severity));
        Assert.Equal(2, verdict.KeptChunks.Count);
    }

    [Fact]
    public void A_chunk_that_is_only_a_page_number_and_a_copyright_notice_is_boilerplate()
    {
        var verdict = Inspect(new QualityOptions(), Samples.Chunk(0, Samples.Prose), Samples.Chunk(1, "Page 3 of 12\n\n© 2024 Example Water Ltd. All rights reserved."));

        Assert.Equal(QualityRuleNames.BoilerplateChunk, Assert.Single(verdict.Findings).Rule);
    }

    [Fact]
    public void A_line_repeated_across_many_chunks_counts_as_boilerplate()
    {
        const string footer = "Example Water Ltd — Operations Manual — Revision 7";
        var chunks = Enumerable.Range(0, 4).Select(i => Samples.Chunk(i, $"{footer}\n\nStep {i}: open valve {i}.")).ToArray();

        var verdict = Inspect(new QualityOptions(), chunks);

        Assert.Equal(4, verdict.Findings.Count(f => f.Rule == QualityRuleNames.BoilerplateChunk));
    }

    [Fact]
    public void A_configured_pattern_marks_its_lines_as_boilerplate()
    {
        var options = new QualityOptions { BoilerplateChunk = new BoilerplateChunkRule { Patterns = ["^printed copies are uncontrolled"] } };

        var verdict = Inspect(options, Samples.Chunk(0, Samples.Prose), Samples.Chunk(1, "Printed copies are uncontrolled documents.\n\nValve 3."));

        Assert.Equal(QualityRuleNames.BoilerplateChunk, Assert.Single(verdict.Findings).Rule);
    }

    [Fact]
    public void Prose_with_a_single_notice_line_is_not_boilerplate()
    {
        var verdict = Inspect(new QualityOptions(), Samples.Chunk(0, Samples.Prose + "\n\nAll rights reserved."));

        Assert.Empty(verdict.Findings);
    }

    [Fact]
    public void A_document_whose_chunks_are_all_rejected_is_rejected_by_the_commonest_rule()
    {
        var options = new QualityOptions
        {
            ChunkTooShort = new ChunkTooShortRule { Severity = QualitySeverity.Reject, MinTokens = 50 },
            DuplicateChunk = new DuplicateChunkRule { Severity = QualitySeverity.Reject },
        };

        var verdict = Inspect(options, Samples.Chunk(0, "Short one."), Samples.Chunk(1, "Short two."), Samples.Chunk(2, "Short two."));

        Assert.Equal(QualityRuleNames.ChunkTooShort, verdict.Rejection?.Rule);
        Assert.StartsWith("all 3 chunks were rejected (3 chunk-too-short)", verdict.Rejection!.Message);
        Assert.Empty(verdict.KeptChunks);
    }
}

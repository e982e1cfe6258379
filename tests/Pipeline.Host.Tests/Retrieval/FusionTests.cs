using Pipeline.Host.Bench;
using Pipeline.Storage.Index;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Tests.Retrieval;

/// <summary>
/// The two ways hybrid combines its rankings, on hand-made candidate lists whose fused order can be worked out by hand:
/// reciprocal rank keeps only the order of each list, the convex combination also keeps how far apart the scores are.
/// </summary>
public sealed class FusionTests
{
    // Dense: A is far ahead of B and C. Lexical: B leads, A is a close second, C trails far behind.
    private static readonly IReadOnlyList<SearchHit> Dense = [Hit("a.pdf", 0.90), Hit("b.pdf", 0.30), Hit("c.pdf", 0.29)];
    private static readonly IReadOnlyList<SearchHit> Lexical = [Hit("b.pdf", 10.0), Hit("a.pdf", 9.5), Hit("c.pdf", 1.0)];

    [Fact]
    public void The_convex_combination_weighs_normalised_scores_so_a_clear_lead_in_one_ranking_and_a_near_tie_in_the_other_win()
    {
        var fused = ConvexCombinationFusion.Fuse(Dense, 0.5, Lexical, 0.5, 3);

        Assert.Equal(["a.pdf", "b.pdf", "c.pdf"], fused.Select(h => h.Document));
        // a: dense (0.90-0.29)/(0.90-0.29) = 1, lexical (9.5-1)/(10-1); b: dense 0.01/0.61, lexical 1; c: 0 and 0.
        Assert.Equal(0.5 * 1 + 0.5 * (8.5 / 9), fused[0].Score, 9);
        Assert.Equal(0.5 * (0.01 / 0.61) + 0.5 * 1, fused[1].Score, 9);
        Assert.Equal(0, fused[2].Score, 9);
    }

    [Fact]
    public void Reciprocal_rank_fusion_sees_only_the_order_so_the_same_lists_tie_a_and_b()
    {
        var fused = ReciprocalRankFusion.Fuse(Dense, 1, Lexical, 1, 3);

        Assert.Equal(1.0 / 61 + 1.0 / 62, fused[0].Score, 12);
        Assert.Equal(fused[0].Score, fused[1].Score, 12);
        Assert.Equal(["a.pdf", "b.pdf", "c.pdf"], fused.Select(h => h.Document));
    }

    [Fact]
    public void Weights_count_by_their_ratio_a_chunk_absent_from_a_ranking_gets_nothing_from_it_and_equal_scores_all_count_as_best()
    {
        var half = ConvexCombinationFusion.Fuse(Dense, 0.5, Lexical, 0.5, 3);
        var ones = ConvexCombinationFusion.Fuse(Dense, 1, Lexical, 1, 3);
        var onlyDense = ConvexCombinationFusion.Fuse([Hit("d.pdf", 0.7)], 0.6, [Hit("e.pdf", 3), Hit("f.pdf", 3)], 0.4, 3);

        Assert.Equal(half.Select(h => (h.Document, Math.Round(h.Score, 12))), ones.Select(h => (h.Document, Math.Round(h.Score, 12))));
        Assert.Equal([("d.pdf", 0.6), ("e.pdf", 0.4), ("f.pdf", 0.4)], onlyDense.Select(h => (h.Document, Math.Round(h.Score, 12))));
    }

    [Fact]
    public void The_fusion_setting_is_read_from_the_environment_and_a_bad_one_is_refused()
    {
        Assert.Equal(FusionMethod.Convex, SearchOptions.FromEnvironment(n => n == "PIPELINE_SEARCH_FUSION" ? " Convex " : null).Validate().Fusion);
        Assert.Equal(FusionMethod.Rrf, SearchOptions.FromEnvironment(n => n == "PIPELINE_SEARCH_FUSION" ? "rrf" : null).Validate().Fusion);

        var error = Assert.Throws<ArgumentException>(() => SearchOptions.FromEnvironment(n => n == "PIPELINE_SEARCH_FUSION" ? "linear" : null));

        Assert.StartsWith("PIPELINE_SEARCH_FUSION must be rrf or convex, got 'linear'", error.Message);
    }

    [Theory]
    [InlineData("convex:0.6:0.4@50", FusionMethod.Convex, 0.6, 0.4, 50)]
    [InlineData("rrf:0.5:1", FusionMethod.Rrf, 0.5, 1.0, 100)]
    [InlineData("1:1@200", FusionMethod.Rrf, 1.0, 1.0, 200)]
    public void The_sweep_reads_a_fusion_setting(string text, FusionMethod method, double dense, double lexical, int candidates)
    {
        Assert.True(RetrievalSweep.TryParseFusion(text, 100, out var fusion));
        Assert.Equal(new RetrievalSweep.Fusion(method, dense, lexical, candidates), fusion);
    }

    [Theory]
    [InlineData("convex:0:0")]
    [InlineData("mean:1:1")]
    [InlineData("1:1@5000")]
    [InlineData("1")]
    public void The_sweep_refuses_a_bad_fusion_setting(string text) => Assert.False(RetrievalSweep.TryParseFusion(text, 100, out _));

    private static SearchHit Hit(string document, double score) => new(document, "pdf:test", 0, score, document, [], 1, 1, "test-model");
}

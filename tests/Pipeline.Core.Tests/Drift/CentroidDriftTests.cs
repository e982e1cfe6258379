using Pipeline.Core.Drift;

namespace Pipeline.Core.Tests.Drift;

public sealed class CentroidDriftTests
{
    [Fact]
    public void The_centroid_is_the_component_wise_mean()
    {
        Assert.Equal([0.5, 1.5, -1.0], Centroid.Of([[1f, 1f, -2f], [0f, 2f, 0f]])!);
        Assert.Null(Centroid.Of([]));
    }

    [Fact]
    public void Cosine_similarity_matches_the_hand_computed_angle()
    {
        // (1,0)·(1,1) / (1 · √2) = 0.707107
        Assert.Equal(0.707107, Cosine.Similarity([1.0, 0.0], [1.0, 1.0]), 6);
        Assert.Equal(-1, Cosine.Similarity([2.0, 0.0], [-3.0, 0.0]), 12);
        Assert.Equal(0, Cosine.Similarity([0.0, 0.0], [1.0, 0.0]));
    }

    [Fact]
    public void More_chunks_like_the_baseline_do_not_drift()
    {
        var baseline = new DriftSample([[1f, 0f], [0.9f, 0.1f]], [100, 120]);
        var same = new DriftSample([[0.9f, 0.1f], [1f, 0f]], [120, 100]);

        var drift = DriftMeasurement.Measure(baseline, same);

        Assert.Equal(0, drift.CentroidShift!.Value, 9);
        Assert.Equal(0, drift.TokenLengthPsi!.Value, 9);
        Assert.Equal(0, drift.SimilarityPsi!.Value, 9);
    }

    [Fact]
    public void Orthogonal_chunks_of_another_length_drift_on_every_figure()
    {
        var baseline = new DriftSample([[1f, 0f], [1f, 0f]], [100, 100]);
        var other = new DriftSample([[0f, 1f], [0f, 1f]], [20, 20]);

        var drift = DriftMeasurement.Measure(baseline, other);

        // Centroids (1,0) and (0,1): 1 − cos 90° = 1.
        Assert.Equal(1, drift.CentroidShift!.Value, 9);
        // All in bin 64–128 against all in bin 16–32: two bins swap 100 % ↔ 0.01 %: 2 · 0.9999 · ln(10000) = 18.41884
        Assert.Equal(18.41884, drift.TokenLengthPsi!.Value, 5);
        // Similarity to the baseline centroid: 1 (last bin) against 0 (bin 0.0–0.1): the same swap.
        Assert.Equal(18.41884, drift.SimilarityPsi!.Value, 5);
    }

    [Fact]
    public void A_first_load_has_no_baseline_and_no_drift()
    {
        Assert.Equal(EmbeddingDrift.None, DriftMeasurement.Measure(DriftSample.Empty, new DriftSample([[1f]], [5])));
    }

    [Fact]
    public void Embedding_figures_of_a_small_run_are_stored_but_not_judged()
    {
        var options = new DriftOptions { MinChunks = 10 };
        var drift = new EmbeddingDrift(0.9, 5, 5);

        var small = options.Judge(drift, newChunks: 3, baselineChunks: 100, ocrShare: 0.9, rejectRate: 0);
        var large = options.Judge(drift, newChunks: 30, baselineChunks: 100, ocrShare: 0.1, rejectRate: 0.5);

        Assert.Equal([RunFigureNames.OcrShare], small.Where(f => f.Crossed).Select(f => f.Name));
        Assert.Equal([RunFigureNames.CentroidShift, RunFigureNames.TokenLengthPsi, RunFigureNames.SimilarityPsi, RunFigureNames.QualityRejectRate],
            large.Where(f => f.Crossed).Select(f => f.Name));
    }

    [Fact]
    public void A_psi_threshold_is_judged_on_top_of_the_sampling_noise_and_stored_with_it()
    {
        var options = new DriftOptions { MaxSimilarityPsi = 0.25, MinChunks = 1 };
        var noisy = new EmbeddingDrift(0, 0, SimilarityPsi: 0.3, SimilarityNoise: 0.26);
        var drifted = new EmbeddingDrift(0, 0, SimilarityPsi: 0.6, SimilarityNoise: 0.26);

        var quiet = options.Judge(noisy, 100, 100, null, null).Single(f => f.Name == RunFigureNames.SimilarityPsi);
        var loud = options.Judge(drifted, 100, 100, null, null).Single(f => f.Name == RunFigureNames.SimilarityPsi);

        Assert.Equal((0.51, false), (Math.Round(quiet.Threshold!.Value, 9), quiet.Crossed));
        Assert.True(loud.Crossed);
    }
}

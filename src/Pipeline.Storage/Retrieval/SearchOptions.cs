using System.Globalization;

namespace Pipeline.Storage.Retrieval;

/// <summary>
/// How the retriever ranks (<c>PIPELINE_SEARCH_*</c>), validated at start-up. Hybrid fuses the dense and the BM25
/// ranking, each cut at <see cref="Candidates"/>: by normalised score (convex, the default) or by reciprocal rank
/// (k = 60: score = dense weight / (60 + dense rank) + lexical weight / (60 + lexical rank)).
/// </summary>
public sealed record SearchOptions
{
    /// <summary>RRF's constant, as in Cormack et al. (2009): ranks 1 and 2 differ little, so no single list dominates.</summary>
    public const int FusionK = 60;

    /// <summary>Highest candidate depth: pgvector's HNSW search returns at most <c>hnsw.ef_search</c> rows, whose maximum is 1000.</summary>
    public const int MaxCandidates = 1000;

    /// <summary><c>PIPELINE_SEARCH_MODE</c>: the ranking of <c>query</c>, <c>eval</c>, the canaries and the API when they name none.</summary>
    public RetrievalMode Mode { get; init; } = RetrievalMode.Hybrid;

    /// <summary>
    /// <c>PIPELINE_SEARCH_FUSION</c>: how hybrid combines the two rankings, by normalised score or by rank (RRF).
    /// Convex by default: on the development set it put more answers in the top 5 than RRF with every packaged model
    /// (runbooks/evaluate-retrieval.md), with equal weights, i.e. untuned.
    /// </summary>
    public FusionMethod Fusion { get; init; } = FusionMethod.Convex;

    /// <summary><c>PIPELINE_SEARCH_DENSE_WEIGHT</c>: the vector ranking's weight in the fusion.</summary>
    public double DenseWeight { get; init; } = 0.5;
    /// <summary><c>PIPELINE_SEARCH_LEXICAL_WEIGHT</c>: the BM25 ranking's weight in the fusion.</summary>
    public double LexicalWeight { get; init; } = 0.5;

    /// <summary><c>PIPELINE_SEARCH_CANDIDATES</c>: chunks taken from each ranking before fusing (at least the number asked for).</summary>
    public int Candidates { get; init; } = 100;

    /// <summary>Reads the five variables; a missing one keeps its default.</summary>
    public static SearchOptions FromEnvironment(Func<string, string?> read)
    {
        var defaults = new SearchOptions();
        return new SearchOptions
        {
            Mode = read("PIPELINE_SEARCH_MODE") is { Length: > 0 } m
                ? RetrievalModeNames.TryParse(m, out var mode) ? mode : throw new ArgumentException($"PIPELINE_SEARCH_MODE must be {RetrievalModeNames.Valid}, got '{m}'")
                : defaults.Mode,
            Fusion = read("PIPELINE_SEARCH_FUSION") is { Length: > 0 } f
                ? FusionMethodNames.TryParse(f, out var fusion) ? fusion : throw new ArgumentException($"PIPELINE_SEARCH_FUSION must be {FusionMethodNames.Valid}, got '{f}'")
                : defaults.Fusion,
            DenseWeight = Number(read, "PIPELINE_SEARCH_DENSE_WEIGHT", defaults.DenseWeight),
            LexicalWeight = Number(read, "PIPELINE_SEARCH_LEXICAL_WEIGHT", defaults.LexicalWeight),
            Candidates = read("PIPELINE_SEARCH_CANDIDATES") is { Length: > 0 } c
                ? int.TryParse(c.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"PIPELINE_SEARCH_CANDIDATES must be an integer, got '{c}'")
                : defaults.Candidates,
        };
    }

    public SearchOptions Validate()
    {
        if (!double.IsFinite(DenseWeight) || DenseWeight is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(DenseWeight), DenseWeight, "PIPELINE_SEARCH_DENSE_WEIGHT must be between 0 and 100");
        }
        if (!double.IsFinite(LexicalWeight) || LexicalWeight is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(LexicalWeight), LexicalWeight, "PIPELINE_SEARCH_LEXICAL_WEIGHT must be between 0 and 100");
        }
        // Both zero would rank every hybrid result equal: an order decided by tie-breaks alone.
        if (DenseWeight == 0 && LexicalWeight == 0)
        {
            throw new ArgumentException("PIPELINE_SEARCH_DENSE_WEIGHT and PIPELINE_SEARCH_LEXICAL_WEIGHT cannot both be 0");
        }
        if (Candidates is < 1 or > MaxCandidates)
        {
            throw new ArgumentOutOfRangeException(nameof(Candidates), Candidates, $"PIPELINE_SEARCH_CANDIDATES must be between 1 and {MaxCandidates}");
        }
        return this;
    }

    private static double Number(Func<string, string?> read, string name, double fallback)
    {
        var raw = read(name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }
        return double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} must be a number, got '{raw}'");
    }
}

namespace Pipeline.Storage.Retrieval;

/// <summary>How hybrid search combines the dense and the BM25 ranking (<c>PIPELINE_SEARCH_FUSION</c>).</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion (<see cref="ReciprocalRankFusion"/>): ranks only.</summary>
    Rrf,

    /// <summary>Convex combination of min-max normalised scores (<see cref="ConvexCombinationFusion"/>).</summary>
    Convex,
}

/// <summary>The names of <see cref="FusionMethod"/> in settings, on the command line and in JSON.</summary>
public static class FusionMethodNames
{
    public const string Valid = "rrf or convex";

    public static string Name(this FusionMethod method) => method == FusionMethod.Convex ? "convex" : "rrf";

    public static bool TryParse(string? text, out FusionMethod method)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "rrf":
                method = FusionMethod.Rrf;
                return true;
            case "convex":
                method = FusionMethod.Convex;
                return true;
            default:
                method = default;
                return false;
        }
    }
}

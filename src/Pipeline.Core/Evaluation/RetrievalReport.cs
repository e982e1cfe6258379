namespace Pipeline.Core.Evaluation;

/// <summary>Everything <c>eval</c> reports: per question, overall, per file (in the order files first appear).</summary>
public sealed record RetrievalReport(
    int K,
    IReadOnlyList<QuestionOutcome> Questions,
    RetrievalFigures Overall,
    IReadOnlyList<KeyValuePair<string, RetrievalFigures>> PerFile,
    int StrictMatches,
    int TolerantOnlyMatches);

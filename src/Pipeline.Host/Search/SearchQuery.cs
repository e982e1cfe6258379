using Microsoft.AspNetCore.Http;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Search;

/// <summary>
/// The parameters of <c>GET /api/search</c>, checked: <c>q</c> (required, at most <see cref="MaxQuestionLength"/>
/// characters), <c>k</c> (1 to <see cref="MaxTop"/>, default <see cref="DefaultTop"/>), <c>mode</c> (default
/// <c>PIPELINE_SEARCH_MODE</c>) and <c>job</c> (only that job's source).
/// </summary>
public sealed record SearchQuery(string Question, int Top, RetrievalMode Mode, string? Source)
{
    /// <summary>Longer than any question a person types; a pasted document is not a question, and embedding it would cost.</summary>
    public const int MaxQuestionLength = 1000;

    public const int DefaultTop = 10;

    /// <summary>A RAG prompt holds a handful of chunks; 100 leaves room for re-ranking without letting one call read the index.</summary>
    public const int MaxTop = 100;

    /// <summary>The query, or the 400/404 to answer with.</summary>
    public static (SearchQuery? Query, int Status, string? Error) Parse(IQueryCollection parameters, RetrievalMode defaultMode, JobCatalog catalog)
    {
        foreach (var name in new[] { "q", "k", "mode", "job" })
        {
            if (parameters[name].Count > 1)
            {
                return Bad($"'{name}' is given {parameters[name].Count} times; give it once");
            }
        }
        var question = parameters["q"].ToString();
        if (string.IsNullOrWhiteSpace(question))
        {
            return Bad("'q' is required: the text to search for, e.g. /api/search?q=how+are+failed+syncs+retried");
        }
        if (question.Length > MaxQuestionLength)
        {
            return Bad($"'q' is {question.Length} characters; at most {MaxQuestionLength} are accepted");
        }
        var top = DefaultTop;
        if (parameters["k"].ToString() is { Length: > 0 } k
            && (!int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            return Bad($"'k' must be a whole number from 1 to {MaxTop}, got '{k}'");
        }
        var mode = defaultMode;
        if (parameters["mode"].ToString() is { Length: > 0 } m && !RetrievalModeNames.TryParse(m, out mode))
        {
            return Bad($"'mode' must be {RetrievalModeNames.Valid}, got '{m}'");
        }
        string? source = null;
        if (parameters["job"].ToString() is { Length: > 0 } jobName)
        {
            if (catalog.Jobs.FirstOrDefault(j => j.Name == jobName) is not { } job)
            {
                return (null, StatusCodes.Status404NotFound,
                    $"no job named '{jobName}' (known: {string.Join(", ", catalog.Jobs.Select(j => j.Name).DefaultIfEmpty("none"))})");
            }
            source = SourceRegistry.KeyOf(job);
        }
        return (new SearchQuery(question, top, mode, source), StatusCodes.Status200OK, null);
    }

    private static (SearchQuery?, int, string?) Bad(string error) => (null, StatusCodes.Status400BadRequest, error);
}

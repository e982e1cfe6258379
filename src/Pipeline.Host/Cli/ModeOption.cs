using System.CommandLine;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Cli;

/// <summary><c>--mode hybrid|dense|lexical</c> of <c>query</c> and <c>eval</c>; absent: <c>PIPELINE_SEARCH_MODE</c>.</summary>
public static class ModeOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--mode")
        {
            Description = "Ranking: hybrid (dense and BM25 fused by reciprocal rank), dense (vectors) or lexical (BM25). Default: PIPELINE_SEARCH_MODE",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !RetrievalModeNames.TryParse(value, out _))
            {
                result.AddError($"--mode must be {RetrievalModeNames.Valid}, got '{value}'");
            }
        });
        return option;
    }

    public static RetrievalMode? Read(ParseResult parse, Option<string?> option) =>
        RetrievalModeNames.TryParse(parse.GetValue(option), out var mode) ? mode : null;
}

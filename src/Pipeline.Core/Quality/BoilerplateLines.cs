using System.Text.RegularExpressions;

namespace Pipeline.Core.Quality;

/// <summary>
/// Finds the boilerplate in one document's chunks: lines that match a known pattern, and lines that recur in
/// many chunks (running headers and footers the extractor did not recognise, disclaimers repeated per section).
/// </summary>
public sealed partial class BoilerplateLines
{
    private readonly IReadOnlyList<Regex> _patterns;
    private readonly int _repeatedLineMinChunks;

    public BoilerplateLines(BoilerplateChunkRule rule)
    {
        _patterns = [.. BuiltIn, .. rule.Patterns.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))];
        _repeatedLineMinChunks = rule.RepeatedLineMinChunks;
    }

    /// <summary>Per chunk, the share (0–1) of its non-whitespace characters that lie in boilerplate lines.</summary>
    public IReadOnlyList<double> Ratios(IReadOnlyList<string> chunkTexts)
    {
        var lines = chunkTexts.Select(Lines).ToList();
        var chunksPerLine = lines.SelectMany(l => l.Distinct()).GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return lines.Select(chunk =>
        {
            var visible = chunk.Sum(Visible);
            var boilerplate = chunk.Where(line => chunksPerLine[line] >= _repeatedLineMinChunks || _patterns.Any(p => p.IsMatch(line))).Sum(Visible);
            return visible == 0 ? 0 : (double)boilerplate / visible;
        }).ToList();
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => Whitespace().Replace(l, " ").Trim()).Where(l => l.Length > 0).ToList();

    private static int Visible(string line) => line.Count(c => !char.IsWhiteSpace(c));

    private static readonly Regex[] BuiltIn =
    [
        Copyright(), AllRightsReserved(), PageNumber(), LeftBlank(), Confidential(),
    ];

    [GeneratedRegex(@"^(©|\(c\)|copyright\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Copyright();

    [GeneratedRegex(@"\ball rights reserved\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllRightsReserved();

    [GeneratedRegex(@"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\b(this\s+)?page\s+(is\s+)?intentionally\s+(left\s+)?blank\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeftBlank();

    [GeneratedRegex(@"^(strictly\s+)?(confidential|proprietary)(\s+(and|&)\s+(confidential|proprietary))?\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Confidential();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

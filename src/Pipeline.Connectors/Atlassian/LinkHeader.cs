using System.Text.RegularExpressions;

namespace Pipeline.Connectors.Atlassian;

/// <summary>Reads the <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header.</summary>
internal static partial class LinkHeader
{
    [GeneratedRegex("""rel\s*=\s*"?(?<rel>[^";,]*)"?""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Relation();

    public static string? Next(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values) ? values.Select(Next).FirstOrDefault(target => target is not null) : null;

    public static string? Next(string value)
    {
        var position = 0;
        while (value.IndexOf('<', position) is var start and >= 0 && value.IndexOf('>', start) is var end and >= 0)
        {
            // The parameters of one link run from its '>' to the next link's '<'.
            var following = value.IndexOf('<', end);
            var parameters = value[(end + 1)..(following < 0 ? value.Length : following)];
            var relation = Relation().Match(parameters);
            if (relation.Success && relation.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Contains("next", StringComparer.OrdinalIgnoreCase))
            {
                return value[(start + 1)..end];
            }
            position = end + 1;
        }
        return null;
    }
}

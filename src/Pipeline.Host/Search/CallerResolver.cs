using Pipeline.Core.Access;
using Pipeline.Storage.Access;

namespace Pipeline.Host.Search;

/// <summary>
/// The one way a caller's identity becomes the principals its search holds, for <c>query</c>, <c>eval</c>, canaries and
/// <c>GET /api/search</c> alike: an e-mail address resolves through the memberships the permission sync stored;
/// explicit principals are taken as given; neither is an anonymous caller (public and everyone documents only).
/// </summary>
public sealed class CallerResolver(PrincipalStore principals)
{
    /// <param name="user">An e-mail address (<c>--as</c>, the end user an application names); null for none.</param>
    /// <param name="given">Principals named outright (<c>--principals</c>); null or empty for none.</param>
    /// <exception cref="ArgumentException">A malformed principal or address; the message says which.</exception>
    public async Task<SearchCaller> ResolveAsync(string? user, IReadOnlyCollection<string>? given, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(user) && given is { Count: > 0 })
        {
            throw new ArgumentException("name the caller either by address (--as) or by principals (--principals), not both");
        }
        if (!string.IsNullOrWhiteSpace(user))
        {
            var address = user.Trim();
            if (address.Length > 320 || !address.Contains('@', StringComparison.Ordinal) || address.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"'{Shorten(address)}' is not an e-mail address");
            }
            return await principals.ResolveAsync(address, cancellationToken);
        }
        if (given is { Count: > 0 })
        {
            if (given.Count > 1000)
            {
                throw new ArgumentException("at most 1000 principals may be named");
            }
            var parsed = new List<string>();
            foreach (var text in given.SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                parsed.Add(Principal.Parse(text, out var problem) ?? throw new ArgumentException(problem));
            }
            return SearchCaller.WithPrincipals(parsed);
        }
        return SearchCaller.Anonymous;
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

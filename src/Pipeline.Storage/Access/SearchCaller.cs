using Pipeline.Core.Access;

namespace Pipeline.Storage.Access;

/// <summary>
/// Who a search is for, as the principals it holds. Every search takes one: the SQL of both rankings keeps only chunks
/// of documents this caller may read, before any limit, so a restricted chunk is never returned and never takes an
/// allowed one's place in the top k.
/// </summary>
/// <param name="Principals">Always includes <c>public</c> and <c>everyone</c>.</param>
/// <param name="Admin">Every document that is not hidden (an admin API key, the operator's own CLI with <c>--admin</c>).</param>
/// <param name="Description">How the caller was named, for logs and output: "anonymous", "alice@example.com", "admin".</param>
public sealed record SearchCaller(IReadOnlyList<string> Principals, bool Admin, string Description)
{
    /// <summary>No identity: only <c>public</c> and <c>everyone</c> documents.</summary>
    public static SearchCaller Anonymous { get; } = new(Principal.Anonymous, false, "anonymous");

    /// <summary>Sees every document that is not hidden; for operators and admin keys only.</summary>
    public static SearchCaller Administrator { get; } = new(Principal.Anonymous, true, "admin");

    /// <summary>Exactly these principals, plus <c>public</c> and <c>everyone</c>, which every caller holds.</summary>
    public static SearchCaller WithPrincipals(IEnumerable<string> principals, string? description = null)
    {
        var all = principals.Concat(Principal.Anonymous).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new SearchCaller(all, false, description ?? string.Join(",", all));
    }

    internal string[] PrincipalArray => Principals.ToArray();
}

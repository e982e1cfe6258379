using System.Text.Json;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Access;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// The read restriction set on one piece of content itself (not inherited): the users and groups it names. Confluence
/// lets a user read a page only when the page's own read restriction and every ancestor's admit them; edit
/// restrictions do not narrow reading, so only the <c>read</c> operation is asked for.
/// </summary>
/// <param name="IsRestricted">
/// Whether the content names anyone at all. Kept apart from <paramref name="Principals"/>: a restriction whose entries
/// could not be mapped still restricts, and must become an empty clause (nobody), never "unrestricted".
/// </param>
/// <param name="Principals"><c>user:ACCOUNT</c> and <c>group:ID</c> (the group's name where the site gives no id).</param>
public sealed record ConfluenceReadRestriction(bool IsRestricted, IReadOnlyList<string> Principals)
{
    public static ConfluenceReadRestriction None { get; } = new(false, []);

    /// <summary>Users and groups of one page of <c>…/restriction/byOperation/read</c>, expanded.</summary>
    /// <returns>Null when the answer does not carry the user and group lists (not expanded): nothing can be told from it.</returns>
    internal static RestrictionPage? ReadPage(JsonElement root)
    {
        if (JsonLookup.Property(root, "restrictions") is not { } restrictions
            || JsonLookup.Property(restrictions, "user") is not { } users
            || JsonLookup.Property(restrictions, "group") is not { } groups)
        {
            return null;
        }
        var userEntries = JsonLookup.Array(users, "results").ToList();
        var groupEntries = JsonLookup.Array(groups, "results").ToList();
        var principals = new List<string>(userEntries.Count + groupEntries.Count);
        principals.AddRange(userEntries.Select(u => JsonLookup.String(u, "accountId")).OfType<string>().Where(Usable).Select(Principal.User));
        principals.AddRange(groupEntries.Select(g => JsonLookup.String(g, "id") is { } id && Usable(id) ? id : JsonLookup.String(g, "name"))
            .OfType<string>().Where(Usable).Select(Principal.Group));
        return new RestrictionPage(
            userEntries.Count + groupEntries.Count,
            principals,
            HasMore(users, userEntries.Count) || HasMore(groups, groupEntries.Count),
            Math.Max(userEntries.Count, groupEntries.Count));
    }

    private static bool Usable(string id) => id.Trim().Length is > 0 and <= 512;

    // Offset-paged lists: a full page (as many entries as the limit the site applied) may have a next one.
    private static bool HasMore(JsonElement list, int count) =>
        count > 0 && (JsonLookup.Property(list, "_links") is { } links && JsonLookup.String(links, "next") is { Length: > 0 }
            || JsonLookup.Long(list, "limit") is { } limit && count >= limit);

    /// <param name="Entries">Users and groups listed on this page, mapped or not.</param>
    /// <param name="Advance">How far the next page's <c>start</c> moves: users and groups share it, each list as long as the site allowed.</param>
    internal sealed record RestrictionPage(int Entries, IReadOnlyList<string> Principals, bool HasMore, int Advance);
}

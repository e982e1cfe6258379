using System.Text.Json;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Access;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// Who holds a space's read permission (v2 <c>GET /spaces/{id}/permissions</c>, operation <c>read</c> on target
/// <c>space</c>): the first clause of every page's access.
/// </summary>
/// <param name="Unmapped">
/// Holders this service cannot express (<c>role:ID</c>, an unknown access class…). A page of such a space is refused as
/// <c>access-unknown</c>: leaving the holder out could hide a grant, and turning it into anything wider could leak.
/// </param>
public sealed record ConfluenceSpaceReaders(IReadOnlyList<string> Principals, IReadOnlyList<string> Unmapped)
{
    /// <summary>The read holders among a space's permission assignments; other operations are ignored.</summary>
    public static ConfluenceSpaceReaders From(IEnumerable<JsonElement> assignments)
    {
        var principals = new List<string>();
        var unmapped = new List<string>();
        foreach (var assignment in assignments)
        {
            if (JsonLookup.Property(assignment, "operation") is not { } operation
                || !Is(JsonLookup.String(operation, "key"), "read")
                || !Is(JsonLookup.String(operation, "targetType"), "space"))
            {
                continue;
            }
            var holder = JsonLookup.Property(assignment, "principal");
            var type = holder is { } h ? JsonLookup.String(h, "type") : null;
            var id = holder is { } i ? JsonLookup.String(i, "id") : null;
            if (Map(type, id) is { } principal)
            {
                principals.Add(principal);
            }
            else
            {
                unmapped.Add($"{type ?? "(no type)"}:{id ?? "(no id)"}");
            }
        }
        return new ConfluenceSpaceReaders(
            principals.Distinct(StringComparer.Ordinal).ToList(),
            unmapped.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// v2 documents <c>user</c>, <c>group</c> and <c>role</c> holders; the site-wide classes are written as principal type
    /// <c>ACCESS_CLASS</c> with ids <c>anonymous-users</c>, <c>authenticated-users</c>, <c>all-licensed-users</c>… (the
    /// space-role API), or as <c>ANONYMOUS</c> / <c>ALL_LICENSED_USERS_USER_CLASS</c> (the role-transition API); all are
    /// accepted in any case. Everything else, roles and admin classes included, is not mapped.
    /// </summary>
    internal static string? Map(string? type, string? id)
    {
        var kind = type?.Trim().ToLowerInvariant();
        var name = id?.Trim();
        var hasId = name is { Length: > 0 and <= 512 };
        return kind switch
        {
            "user" when hasId => Principal.User(name!),
            "group" when hasId => Principal.Group(name!),
            "anonymous" => Principal.Public,
            "all_licensed_users_user_class" => Principal.AllUsers,
            "access_class" => name?.ToLowerInvariant() switch
            {
                "anonymous-users" => Principal.Public,
                // Every signed-in user of the site holds all-users: a grant to all licensed (or all signed-in)
                // users admits them all, so this never widens what Confluence allows.
                "all-licensed-users" or "authenticated-users" => Principal.AllUsers,
                _ => null,
            },
            _ => null,
        };
    }

    private static bool Is(string? value, string expected) => string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}

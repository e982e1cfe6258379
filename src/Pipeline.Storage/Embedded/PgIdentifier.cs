using System.Text.RegularExpressions;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// Database names we accept: lower-case simple identifiers, so the quoted and unquoted spellings agree and
/// nobody is surprised by PostgreSQL folding "MyDb" differently from MyDb.
/// </summary>
internal static partial class PgIdentifier
{
    public const string Pattern = "^[a-z_][a-z0-9_]{0,62}$";

    public static bool IsSimple(string? name) => name is not null && Simple().IsMatch(name);

    public static string Quote(string name) =>
        IsSimple(name) ? $"\"{name}\"" : throw new ArgumentException($"'{name}' must match {Pattern}", nameof(name));

    [GeneratedRegex(Pattern)]
    private static partial Regex Simple();
}

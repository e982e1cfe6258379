namespace Pipeline.Core.Access;

/// <summary>
/// The names access is written in, one normalised string each: <c>public</c>, <c>everyone</c>, <c>all-users</c>,
/// <c>user:ID</c> (an Atlassian account id, or an e-mail address in lower case) and <c>group:ID</c> (a group id, or a
/// group name where the site gives no id).
/// </summary>
public static class Principal
{
    /// <summary>Anyone at all, signed in or not (Jira's <c>anyone</c>, Confluence anonymous access).</summary>
    public const string Public = "public";

    /// <summary>Every caller of this service, with or without an identity: the documented default of PDF folders.</summary>
    public const string Everyone = "everyone";

    /// <summary>Any signed-in user of the Atlassian site (Jira application access, Confluence licensed users).</summary>
    public const string AllUsers = "all-users";

    public const string UserPrefix = "user:";

    public const string GroupPrefix = "group:";

    /// <summary>What every caller holds, identified or not.</summary>
    public static IReadOnlyList<string> Anonymous { get; } = [Public, Everyone];

    public static string User(string id)
    {
        var trimmed = Require(id, "user");
        return UserPrefix + (trimmed.Contains('@', StringComparison.Ordinal) ? trimmed.ToLowerInvariant() : trimmed);
    }

    public static string Group(string id) => GroupPrefix + Require(id, "group");

    /// <summary>A principal as a job file or a command line writes it; null with <paramref name="problem"/> set when it is not one.</summary>
    public static string? Parse(string? text, out string? problem)
    {
        problem = null;
        var value = text?.Trim() ?? "";
        if (value is Public or Everyone or AllUsers)
        {
            return value;
        }
        if (value.StartsWith(UserPrefix, StringComparison.Ordinal) && value.Length > UserPrefix.Length && !HasSpace(value))
        {
            return User(value[UserPrefix.Length..]);
        }
        if (value.StartsWith(GroupPrefix, StringComparison.Ordinal) && value.Length > GroupPrefix.Length && !HasSpace(value))
        {
            return Group(value[GroupPrefix.Length..]);
        }
        problem = $"'{text}' is not a principal: write everyone, public, all-users, user:ID (an account id or an e-mail address) or group:ID";
        return null;
    }

    private static bool HasSpace(string value) => value.Any(char.IsWhiteSpace);

    private static string Require(string id, string kind)
    {
        var trimmed = id?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > 512)
        {
            throw new ArgumentException($"a {kind} principal needs an id of 1 to 512 characters", nameof(id));
        }
        return trimmed;
    }
}

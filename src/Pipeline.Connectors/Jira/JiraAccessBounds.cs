namespace Pipeline.Connectors.Jira;

/// <summary>
/// How far access reads go: every page loop and every lookup list has an end, so a huge group or a hostile answer
/// costs a known number of requests and a known amount of memory.
/// </summary>
internal static class JiraAccessBounds
{
    /// <summary>Issues per <c>POST issue/bulkfetch</c> (Jira's own limit) and per key search on Data Center.</summary>
    public const int IssuesPerBulkRequest = 100;

    /// <summary>Members per page of <c>group/member</c> and of security level members (Jira gives at most 50).</summary>
    public const int MembersPerPage = 50;

    /// <summary>Members read of one group; past it the rest get no access through the group (less, never more).</summary>
    public const int MaxMembersPerGroup = 10_000;

    /// <summary>Members of one security level; a level with more cannot be expressed and its issues are quarantined.</summary>
    public const int MaxLevelMembers = 2_000;

    /// <summary>Groups whose members one directory read lists.</summary>
    public const int MaxGroups = 1_000;

    /// <summary>Accounts one directory read looks up for their e-mail address.</summary>
    public const int MaxUsers = 50_000;

    /// <summary>Account ids per <c>GET user/bulk</c>: keeps the query string well under URL limits.</summary>
    public const int UsersPerBulkRequest = 50;

    /// <summary>Answers one memo keeps (scheme grants, role actors, level members); past it they are read afresh.</summary>
    public const int MaxRemembered = 10_000;
}

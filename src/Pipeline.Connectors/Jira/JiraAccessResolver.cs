using Pipeline.Core.Access;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// Who may read an issue, as Jira grants it: the holders of Browse projects in the project's permission scheme,
/// and, for an issue under a security level, that level's members too (two clauses, both must hold). Holders become
/// principals: <c>user</c> and <c>group</c> directly, <c>projectRole</c> through the role's actors in the issue's
/// project, <c>reporter</c>/<c>assignee</c>/<c>projectLead</c> through the issue and project, <c>anyone</c> as
/// <see cref="Principal.Public"/>, <c>applicationRole</c> as <see cref="Principal.AllUsers"/>.
/// </summary>
/// <remarks>
/// A holder this service cannot express (custom-field holders, service-desk portal access, any unknown type), or a
/// configuration the service account may not read, throws <see cref="AccessUnknownException"/>: leaving it out could
/// hide a grant and widening it could leak, so the issue is quarantined. What many issues share (scheme grants,
/// role actors, level members, leads) is read once per resolver; a resolver lives for one ingest run or one
/// permission sync, so the next one sees changes.
/// </remarks>
internal sealed class JiraAccessResolver(JiraClient client)
{
    private readonly JiraAccessMemo<Answer<string>> _permissionSchemes = new();
    private readonly JiraAccessMemo<Answer<IReadOnlyList<JiraPermissionHolder>>> _browseHolders = new();
    private readonly JiraAccessMemo<Answer<IReadOnlyList<JiraRoleActor>>> _roleActors = new();
    private readonly JiraAccessMemo<Answer<JiraProject>> _projects = new();
    private readonly JiraAccessMemo<Answer<JiraSecurityScheme>> _securitySchemes = new();
    private readonly JiraAccessMemo<Answer<JiraLevelMembers>> _levelMembers = new();

    /// <exception cref="AccessUnknownException">A holder cannot be expressed, or the configuration cannot be read.</exception>
    public async Task<DocumentAccess> AccessOfAsync(JiraIssueAccessFields issue, CancellationToken cancellationToken)
    {
        var browse = await BrowseHoldersAsync(issue, cancellationToken);
        var access = DocumentAccess.AnyOf(await PrincipalsAsync(browse, issue, $"Browse projects of project {issue.ProjectKey}", cancellationToken));
        if (issue.SecurityLevelId is { } level)
        {
            var members = await LevelMembersAsync(issue, level, cancellationToken);
            access = access.And(await PrincipalsAsync(members, issue, $"security level {level}", cancellationToken));
        }
        return access;
    }

    private async Task<IReadOnlyList<JiraPermissionHolder>> BrowseHoldersAsync(JiraIssueAccessFields issue, CancellationToken cancellationToken)
    {
        var scheme = Required(issue, await _permissionSchemes.GetAsync(issue.ProjectKey,
            token => ReadAsync(() => client.FindPermissionSchemeIdAsync(issue.ProjectKey, token), $"the permission scheme of project {issue.ProjectKey}"),
            cancellationToken));
        return Required(issue, await _browseHolders.GetAsync(scheme,
            token => ReadAsync(() => client.FindBrowseHoldersAsync(scheme, token), $"the grants of permission scheme {scheme}"),
            cancellationToken));
    }

    private async Task<IReadOnlyList<JiraPermissionHolder>> LevelMembersAsync(JiraIssueAccessFields issue, string levelId, CancellationToken cancellationToken)
    {
        var scheme = Required(issue, await _securitySchemes.GetAsync(issue.ProjectKey,
            token => ReadAsync(() => client.FindSecuritySchemeAsync(issue.ProjectKey, token), $"the issue security scheme of project {issue.ProjectKey}"),
            cancellationToken));
        // A level the project's scheme does not list would read as "no members" below, hiding the issue for no reason
        // anyone could see: told apart instead.
        if (!scheme.LevelIds.Contains(levelId, StringComparer.Ordinal))
        {
            throw Unknown(issue, $"security level {levelId} is not a level of the issue security scheme {scheme.Id} of project {issue.ProjectKey}");
        }
        var members = Required(issue, await _levelMembers.GetAsync($"{scheme.Id}\n{levelId}",
            token => ReadAsync(() => client.FindLevelMembersAsync(scheme.Id, levelId, token), $"the members of security level {levelId}"),
            cancellationToken));
        if (members.Truncated)
        {
            throw Unknown(issue, $"security level {levelId} has more than {JiraAccessBounds.MaxLevelMembers} members, more than this service reads");
        }
        return members.Holders;
    }

    private async Task<IReadOnlyList<string>> PrincipalsAsync(
        IReadOnlyList<JiraPermissionHolder> holders, JiraIssueAccessFields issue, string granted, CancellationToken cancellationToken)
    {
        var principals = new List<string>();
        foreach (var holder in holders)
        {
            switch (holder.Type)
            {
                case JiraPermissionHolder.Anyone:
                    principals.Add(Principal.Public);
                    break;
                // Application access (any product, or a named one): every signed-in user of the site.
                case JiraPermissionHolder.ApplicationRole:
                    principals.Add(Principal.AllUsers);
                    break;
                case JiraPermissionHolder.User:
                    principals.Add(UserOf(issue, holder.Id, granted, holder));
                    break;
                case JiraPermissionHolder.Group:
                    principals.Add(GroupOf(issue, holder.Id, granted, holder));
                    break;
                case JiraPermissionHolder.ProjectRole:
                    principals.AddRange(await RoleActorsAsync(issue, holder, granted, cancellationToken));
                    break;
                // The issue's own people: none (unassigned, anonymous reporter) contributes nothing.
                case JiraPermissionHolder.Reporter:
                    AddPerson(principals, issue, issue.ReporterAccountId, granted, holder);
                    break;
                case JiraPermissionHolder.Assignee:
                    AddPerson(principals, issue, issue.AssigneeAccountId, granted, holder);
                    break;
                case JiraPermissionHolder.ProjectLead:
                    var project = Required(issue, await _projects.GetAsync(issue.ProjectKey,
                        token => ReadAsync(() => client.FindProjectAsync(issue.ProjectKey, token), $"project {issue.ProjectKey}"),
                        cancellationToken));
                    AddPerson(principals, issue, project.LeadAccountId, granted, holder);
                    break;
                default:
                    throw Unknown(issue, $"{granted} is granted to a '{holder.Type}' holder, which this service cannot express");
            }
        }
        return principals;
    }

    private async Task<IEnumerable<string>> RoleActorsAsync(JiraIssueAccessFields issue, JiraPermissionHolder holder, string granted, CancellationToken cancellationToken)
    {
        var roleId = holder.Id ?? throw Unknown(issue, $"{granted} is granted to a project role without an id");
        var actors = Required(issue, await _roleActors.GetAsync($"{issue.ProjectKey}\n{roleId}",
            token => ReadAsync(() => client.FindRoleActorsAsync(issue.ProjectKey, roleId, token), $"the actors of project role {roleId} in project {issue.ProjectKey}"),
            cancellationToken));
        return actors.Select(actor => actor switch
        {
            { AccountId: { } account } => UserOf(issue, account, granted, holder),
            { GroupId: { } group } => GroupOf(issue, group, granted, holder),
            _ => throw Unknown(issue, $"{granted} is granted to project role {roleId}, whose actor of type '{actor.Type}' this service cannot express"),
        }).ToList();
    }

    private static void AddPerson(List<string> principals, JiraIssueAccessFields issue, string? accountId, string granted, JiraPermissionHolder holder)
    {
        if (accountId is not null)
        {
            principals.Add(UserOf(issue, accountId, granted, holder));
        }
    }

    private static string UserOf(JiraIssueAccessFields issue, string? accountId, string granted, JiraPermissionHolder holder) =>
        Valid(accountId) ? Principal.User(accountId!) : throw Unknown(issue, $"{granted} is granted to {holder.Type} without a usable account id");

    private static string GroupOf(JiraIssueAccessFields issue, string? groupId, string granted, JiraPermissionHolder holder) =>
        Valid(groupId) ? Principal.Group(groupId!) : throw Unknown(issue, $"{granted} is granted to {holder.Type} without a usable group id or name");

    // What Principal accepts: an id of 1 to 512 characters once trimmed.
    private static bool Valid(string? id) => id?.Trim() is { Length: > 0 and <= 512 };

    private static T Required<T>(JiraIssueAccessFields issue, Answer<T> answer) where T : class =>
        answer.Value ?? throw Unknown(issue, answer.Problem ?? "its access could not be read");

    private static AccessUnknownException Unknown(JiraIssueAccessFields issue, string why) =>
        new($"issue {issue.Key}: {why}; quarantined rather than treated as readable");

    // A 404 or 403 on a configuration read is an answer, kept like any other: every issue of the project would get it.
    private static async Task<Answer<T>> ReadAsync<T>(Func<Task<T?>> read, string what) where T : class
    {
        try
        {
            return await read() is { } value ? new Answer<T>(value, null) : new Answer<T>(null, $"{what} was not found (404)");
        }
        catch (AccessLostException)
        {
            return new Answer<T>(null, $"the service account may not read {what} (403)");
        }
    }

    /// <summary>What a configuration read gave: the value, or why there is none.</summary>
    private sealed record Answer<T>(T? Value, string? Problem) where T : class;
}

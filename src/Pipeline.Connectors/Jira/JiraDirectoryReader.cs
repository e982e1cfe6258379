using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Access;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// Group members and account e-mail addresses for the principals access is written in, so a caller known only by
/// e-mail resolves to its account and groups. Everything is bounded (<see cref="JiraAccessBounds"/>), and a group or
/// lookup the site will not serve is skipped and logged: a missing member can read less, never more.
/// </summary>
internal sealed partial class JiraDirectoryReader(JiraClient client, int parallelism, ILogger logger)
{
    public async Task<PrincipalDirectory> ReadAsync(IReadOnlyCollection<string> principals, CancellationToken cancellationToken)
    {
        var groups = IdsWith(principals, Principal.GroupPrefix).ToList();
        if (groups.Count > JiraAccessBounds.MaxGroups)
        {
            LogGroupsCut(groups.Count, JiraAccessBounds.MaxGroups);
            groups = groups.Take(JiraAccessBounds.MaxGroups).ToList();
        }
        var memberships = new ConcurrentBag<(string Group, string Member)>();
        var emails = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Members listed already carry what the site shows of their e-mail; asking again would show no more.
        var listed = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(groups, options, async (group, token) =>
        {
            JiraGroupMembers? members;
            try
            {
                members = await client.FindGroupMembersAsync(group, JiraAccessBounds.MaxMembersPerGroup, token);
            }
            catch (AccessLostException)
            {
                LogGroupNotServed(group, 403);
                return;
            }
            if (members is null)
            {
                LogGroupNotServed(group, 404);
                return;
            }
            if (members.Truncated)
            {
                LogMembersCut(group, JiraAccessBounds.MaxMembersPerGroup);
            }
            foreach (var member in members.Members)
            {
                var user = Principal.User(member.AccountId);
                memberships.Add((Principal.Group(group), user));
                listed[member.AccountId] = 0;
                if (member.Email is { } email)
                {
                    emails[user] = email;
                }
            }
        });

        // Users named directly (grants, role actors, a caller) who were not among the members read above. Principals
        // that are already e-mail addresses need no lookup.
        var users = IdsWith(principals, Principal.UserPrefix)
            .Where(id => !id.Contains('@', StringComparison.Ordinal) && !listed.ContainsKey(id))
            .ToList();
        if (users.Count > JiraAccessBounds.MaxUsers)
        {
            LogUsersCut(users.Count, JiraAccessBounds.MaxUsers);
            users = users.Take(JiraAccessBounds.MaxUsers).ToList();
        }
        if (users.Count > 0)
        {
            try
            {
                foreach (var account in await client.GetAccountsAsync(users, cancellationToken))
                {
                    if (account.Email is { } email)
                    {
                        emails[Principal.User(account.AccountId)] = email;
                    }
                }
            }
            catch (AccessLostException)
            {
                LogUsersNotServed(users.Count);
            }
        }
        LogRead(groups.Count, memberships.Count, emails.Count);
        return new PrincipalDirectory(
            memberships.Distinct().OrderBy(m => m.Group, StringComparer.Ordinal).ThenBy(m => m.Member, StringComparer.Ordinal).ToList(),
            emails.Select(e => (e.Key, e.Value)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<string> IdsWith(IEnumerable<string> principals, string prefix) =>
        principals.Where(p => p is not null && p.StartsWith(prefix, StringComparison.Ordinal) && p.Length > prefix.Length)
            .Select(p => p[prefix.Length..].Trim())
            .Where(id => id.Length is > 0 and <= 512)
            .Distinct(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Jira directory read: {Groups} groups, {Memberships} memberships, {Emails} e-mail addresses")]
    private partial void LogRead(int groups, int memberships, int emails);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jira would not list the members of group {Group} ({Status}); callers get no access through it")]
    private partial void LogGroupNotServed(string group, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jira group {Group} has more than {Max} members; the rest were not read and get no access through it")]
    private partial void LogMembersCut(string group, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} groups asked for; only the first {Max} were read")]
    private partial void LogGroupsCut(int count, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} accounts to look up; only the first {Max} e-mail addresses were asked for")]
    private partial void LogUsersCut(int count, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jira would not look up {Count} accounts (403); their e-mail addresses stay unknown")]
    private partial void LogUsersNotServed(int count);
}

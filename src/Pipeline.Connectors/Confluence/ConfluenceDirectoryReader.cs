using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Access;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// Group members and account e-mail addresses for the principals access is written in, so a caller known only by
/// e-mail resolves to its account and groups. Everything is bounded, and a group or lookup the site will not serve
/// is skipped (logged): a missing member can read less, never more.
/// </summary>
internal sealed partial class ConfluenceDirectoryReader(ConfluenceClient client, int parallelism, ILogger logger)
{
    public const int MaxMembersPerGroup = 10_000;

    public const int MaxGroups = 1_000;

    public const int MaxUsers = 50_000;

    public async Task<PrincipalDirectory> ReadAsync(IReadOnlyCollection<string> principals, CancellationToken cancellationToken)
    {
        var groups = IdsWith(principals, Principal.GroupPrefix).ToList();
        if (groups.Count > MaxGroups)
        {
            LogGroupsCut(groups.Count, MaxGroups);
            groups = groups.Take(MaxGroups).ToList();
        }
        var memberships = new ConcurrentBag<(string Group, string Member)>();
        var emails = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Members listed already carry what the site shows of their e-mail; asking again would show no more.
        var seen = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (group, token) =>
        {
            ConfluenceGroupMembers? members;
            try
            {
                members = await client.FindGroupMembersAsync(group, MaxMembersPerGroup, token);
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
                LogMembersCut(group, MaxMembersPerGroup);
            }
            foreach (var member in members.Members)
            {
                var user = Principal.User(member.AccountId);
                memberships.Add((Principal.Group(group), user));
                seen[member.AccountId] = 0;
                if (member.Email is { } email)
                {
                    emails[user] = email;
                }
            }
        });

        // Users named directly (space holders, restrictions, a caller) who were not among the members read above.
        // Principals that are already e-mail addresses need no lookup.
        var users = IdsWith(principals, Principal.UserPrefix)
            .Where(id => !id.Contains('@', StringComparison.Ordinal) && !seen.ContainsKey(id))
            .ToList();
        if (users.Count > MaxUsers)
        {
            LogUsersCut(users.Count, MaxUsers);
            users = users.Take(MaxUsers).ToList();
        }
        if (users.Count > 0)
        {
            foreach (var user in await client.GetUsersAsync(users, cancellationToken))
            {
                if (user.Email is { } email)
                {
                    emails[Principal.User(user.AccountId)] = email;
                }
            }
        }
        return new PrincipalDirectory(
            memberships.Distinct().OrderBy(m => m.Group, StringComparer.Ordinal).ThenBy(m => m.Member, StringComparer.Ordinal).ToList(),
            emails.Select(e => (e.Key, e.Value)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<string> IdsWith(IEnumerable<string> principals, string prefix) =>
        principals.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.Length > prefix.Length)
            .Select(p => p[prefix.Length..])
            .Distinct(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confluence would not list the members of group {GroupId} ({Status}); callers get no access through it")]
    private partial void LogGroupNotServed(string groupId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confluence group {GroupId} has more than {Max} members; the rest were not read and get no access through it")]
    private partial void LogMembersCut(string groupId, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} groups asked for; only the first {Max} were read")]
    private partial void LogGroupsCut(int count, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} accounts to look up; only the first {Max} e-mail addresses were asked for")]
    private partial void LogUsersCut(int count, int max);
}

using Pipeline.Core.Access;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// Who may read a page, as Confluence decides it: the space's read holders, AND the page's own read restriction when
/// it has one, AND each restricted ancestor's (a restriction on a parent hides every descendant from whoever it does
/// not name). A level without a restriction adds no clause.
/// </summary>
internal static class ConfluencePageAccess
{
    /// <returns>The access, or null when the page itself is gone (its restriction answered 404).</returns>
    /// <exception cref="AccessUnknownException">The space grants read to a holder this service cannot express, its permissions cannot be seen, or an ancestor vanished.</exception>
    /// <exception cref="AccessLostException">A level answered 403: the service account no longer reads it.</exception>
    public static async Task<DocumentAccess?> ReadAsync(
        ConfluenceAccessLevels levels, ConfluencePage page, IReadOnlyList<ConfluenceAncestor> ancestors, CancellationToken cancellationToken)
    {
        if (page.SpaceId is not { Length: > 0 } spaceId)
        {
            throw new AccessUnknownException($"Confluence did not say which space page {page.Id} is in; who may read it cannot be told");
        }
        // Asked together: the levels are independent, and most are already known from other pages.
        var spaceTask = levels.SpaceReadersAsync(spaceId, cancellationToken);
        var ownTask = levels.RestrictionAsync(page.Id, cancellationToken);
        var ancestorTasks = ancestors.Select(a => levels.RestrictionAsync(a.Id, cancellationToken)).ToList();
        await Task.WhenAll(ancestorTasks.Cast<Task>().Prepend(ownTask).Prepend(spaceTask)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var readers = await spaceTask
            ?? throw new AccessUnknownException(
                $"Confluence would not show the permissions of space {spaceId} (404): who may read page {page.Id} cannot be told; the service account needs to see the space's permissions");
        if (readers.Unmapped.Count > 0)
        {
            throw new AccessUnknownException(
                $"space {spaceId} grants read to holders this service cannot express ({string.Join(", ", readers.Unmapped.Take(5))}); page {page.Id} is held back rather than guessed");
        }
        if (await ownTask is not { } own)
        {
            return null;
        }
        var access = DocumentAccess.AnyOf(readers.Principals);
        if (own.IsRestricted)
        {
            access = access.And(own.Principals);
        }
        for (var i = 0; i < ancestors.Count; i++)
        {
            var restriction = await ancestorTasks[i]
                ?? throw new AccessUnknownException(
                    $"{ancestors[i].Type} {ancestors[i].Id} above page {page.Id} vanished while access was read; it is read again next time");
            if (restriction.IsRestricted)
            {
                access = access.And(restriction.Principals);
            }
        }
        return access;
    }
}

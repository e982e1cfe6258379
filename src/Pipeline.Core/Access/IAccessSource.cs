using Pipeline.Core.Sources;

namespace Pipeline.Core.Access;

/// <summary>
/// A source whose items carry their own permissions (Confluence, Jira). The permission sync reads access without
/// reading content: nothing is re-extracted or re-embedded.
/// </summary>
public interface IAccessSource : IDocumentSource
{
    /// <summary>Access of each of these documents as the source grants it now; one entry per id asked for.</summary>
    Task<IReadOnlyDictionary<string, AccessLookup>> ReadAccessAsync(IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken);

    /// <summary>Members of the groups among <paramref name="principals"/>, and the e-mail addresses of the users among them and those members.</summary>
    Task<PrincipalDirectory> ReadDirectoryAsync(IReadOnlyCollection<string> principals, CancellationToken cancellationToken);
}

namespace Pipeline.Connectors.Confluence;

/// <summary>A group's members, up to the bound the caller set.</summary>
/// <param name="Truncated">The group has more members than were read.</param>
public sealed record ConfluenceGroupMembers(IReadOnlyList<ConfluenceUser> Members, bool Truncated);

namespace Pipeline.Connectors.Confluence;

/// <summary>A space as v2 names it: pages refer to their space by id, people by key.</summary>
public sealed record ConfluenceSpace(string Id, string Key);

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>One request a fake server received, as it arrived.</summary>
/// <param name="Authorization">The raw header, so tests can check what was sent (never print it).</param>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, string? Authorization, DateTimeOffset At);

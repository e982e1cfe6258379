namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// Requests a fake server holds before answering: a site that hangs (no delay given: until the client gives up)
/// or answers slowly. Matched requests are held until the delay passes or the client disconnects.
/// </summary>
/// <param name="Matches">Which requests are held, e.g. by path or by a page token in the body.</param>
/// <param name="Delay">How long before the normal answer; null holds the request until the client aborts it.</param>
public sealed record InjectedDelay(Func<RecordedRequest, bool> Matches, TimeSpan? Delay)
{
    /// <summary>Requests whose path contains <paramref name="pathPart"/> are never answered.</summary>
    public static InjectedDelay Hang(string pathPart) => new(r => r.Path.Contains(pathPart, StringComparison.Ordinal), null);

    /// <summary>Requests whose path contains <paramref name="pathPart"/> are answered after <paramref name="delay"/>.</summary>
    public static InjectedDelay Slow(string pathPart, TimeSpan delay) => new(r => r.Path.Contains(pathPart, StringComparison.Ordinal), delay);
}

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>A canned answer a fake server gives instead of the real one, for the next request that arrives.</summary>
/// <param name="RetryAfter">Value of the <c>Retry-After</c> header (seconds or an HTTP date), or null for none.</param>
/// <param name="RawBody">Bytes sent instead of <paramref name="Body"/>: for bodies no string can hold (invalid UTF-8).</param>
/// <param name="Writer">Writes the body as it goes instead of <paramref name="Body"/>: for hostile bodies (see <see cref="HostileBody"/>).</param>
public sealed record InjectedFault(
    int Status, string ContentType, string Body, string? RetryAfter = null, byte[]? RawBody = null, HostileBody? Writer = null)
{
    public static InjectedFault Raw(byte[] body, string contentType = "application/json", int status = 200) =>
        new(status, contentType, "", RawBody: body);

    public static InjectedFault Throttle(string? retryAfter = "1", int status = 429) =>
        new(status, "application/json", """{"errorMessages":["Rate limit exceeded."]}""", retryAfter);

    public static InjectedFault HtmlPage(int status = 200) =>
        new(status, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Log in with Atlassian account</title></head><body>Log in</body></html>");

    public static InjectedFault ServerError(int status = 500) =>
        new(status, "application/json", """{"errorMessages":["Internal server error"]}""");

    public static InjectedFault Hostile(int status, HostileBody body) => new(status, body.ContentType, "", Writer: body);
}

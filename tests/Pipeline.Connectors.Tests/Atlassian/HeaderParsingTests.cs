using System.Net.Http.Headers;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Tests.Atlassian;

public sealed class HeaderParsingTests
{
    [Fact]
    public void The_next_link_of_confluence_s_link_header_is_found_beside_the_base_link()
    {
        const string header = "</wiki/api/v2/pages?cursor=abc%3D>; rel=\"next\", <https://site.atlassian.net/wiki>; rel=\"base\"";

        Assert.Equal("/wiki/api/v2/pages?cursor=abc%3D", LinkHeader.Next(header));
        Assert.Null(LinkHeader.Next("<https://site.atlassian.net/wiki>; rel=\"base\""));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_an_http_date()
    {
        var now = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.Of(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.Of(RetryConditionHeaderValue.Parse("Mon, 02 Mar 2026 10:00:30 GMT"), now));
        Assert.Equal(TimeSpan.Zero, RetryAfter.Of(RetryConditionHeaderValue.Parse("Mon, 02 Mar 2026 09:00:00 GMT"), now));
    }
}

using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Tests.Atlassian;

public sealed class AtlassianTimestampTests
{
    [Theory]
    [InlineData("2022-12-08T02:22:18.889-0800", "2022-12-08T10:22:18.889Z")]
    [InlineData("2020-12-03T14:05:20.974+0100", "2020-12-03T13:05:20.974Z")]
    [InlineData("2022-10-06T07:32:47.000+0000", "2022-10-06T07:32:47.000Z")]
    [InlineData("2024-02-01T12:00:00.000Z", "2024-02-01T12:00:00.000Z")]
    [InlineData("2018-12-19T17:44:56.712+03:00", "2018-12-19T14:44:56.712Z")]
    public void Jira_and_confluence_timestamps_parse_whatever_their_offset_style(string text, string utc)
    {
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), AtlassianTimestamp.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2018-1-11 13:08:04,225x")]
    [InlineData("yesterday")]
    public void Unreadable_timestamps_are_null_rather_than_an_exception(string? text)
    {
        Assert.Null(AtlassianTimestamp.Parse(text));
    }
}

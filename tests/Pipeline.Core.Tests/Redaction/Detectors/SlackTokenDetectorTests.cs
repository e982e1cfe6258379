using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class SlackTokenDetectorTests
{
    [Theory]
    [InlineData("xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1")]
    [InlineData("xoxp-263594206564-263594206564-2343594206574-8c8f0f1b1d2a4e6f9a0b1c2d3e4f5a6b")]
    [InlineData("xapp-1-A0123BCDEFG-2343594206574-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9")]
    [InlineData("https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/a1B2c3D4e5F6g7H8i9J0k1L2")]
    public void Bot_user_app_tokens_and_webhook_urls_are_found(string secret) =>
        Assert.Equal([secret], Found.By(DetectorNames.SlackToken, $"Configured with {secret} yesterday."));

    [Theory]
    [InlineData("xoxb-short")]
    [InlineData("xoxz-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1")] // unknown type letter
    [InlineData("https://hooks.slack.com/services/")]
    public void Near_misses_are_not_tokens(string text) =>
        Assert.Empty(Found.By(DetectorNames.SlackToken, text));
}

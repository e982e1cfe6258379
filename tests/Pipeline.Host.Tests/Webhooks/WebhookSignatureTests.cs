using System.Text;
using System.Text.Json;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Webhooks;

namespace Pipeline.Host.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_published_test_vector_verifies_and_a_changed_body_or_secret_does_not()
    {
        using var vector = JsonDocument.Parse(AtlassianFixtures.Bytes("common/webhook-x-hub-signature.test-vector.replicate-jira.json"));
        var secret = vector.RootElement.GetProperty("secret").GetString()!;
        var body = Encoding.UTF8.GetBytes(vector.RootElement.GetProperty("body").GetString()!);
        var header = vector.RootElement.GetProperty("expectedHeaderValue").GetString()!;

        Assert.Equal(header, WebhookSignature.Sign(Encoding.UTF8.GetBytes(secret), body));
        Assert.True(WebhookSignature.IsValid(secret, body, header));
        Assert.False(WebhookSignature.IsValid(secret, Encoding.UTF8.GetBytes("smth!"), header));
        Assert.False(WebhookSignature.IsValid("other-secret", body, header));
        Assert.False(WebhookSignature.IsValid(secret, body, null));
        Assert.False(WebhookSignature.IsValid(secret, body, "sha256=zz"));
        Assert.False(WebhookSignature.IsValid(secret, body, header.Replace("sha256=", "sha1=")));
    }

    [Theory]
    [InlineData("jira/webhooks/jira-issue_deleted.zulip.json")]
    [InlineData("jira/webhooks/jira-issue_updated.status-changed.server.jira-to-matrix.json")]
    [InlineData("jira/webhooks/jira-issue_created.server.jira-to-matrix.json")]
    [InlineData("jira/webhooks/comment_deleted.cloud.jira-to-matrix.json")]
    [InlineData("jira/webhooks/comment_created.server.jira-to-matrix.json")]
    public void Every_real_jira_delivery_names_its_issue(string fixture)
    {
        using var body = JsonDocument.Parse(AtlassianFixtures.Bytes(fixture));

        var item = WebhookItem.JiraIssue(body.RootElement);

        Assert.NotNull(item);
        Assert.Matches(@"^([A-Z][A-Z0-9_]*-\d+|\d+)$", item);
    }

    [Theory]
    [InlineData("confluence/webhooks/page_updated.cloud-connect.taxonomies-for-confluence.json", "1188560897")]
    [InlineData("confluence/webhooks/page_trashed.cloud-connect.taxonomies-for-confluence.json", null)]
    [InlineData("confluence/webhooks/page_removed.purged-from-trash.cloud-connect.taxonomies-for-confluence.json", null)]
    public void Every_real_confluence_page_delivery_names_its_page(string fixture, string? expected)
    {
        using var body = JsonDocument.Parse(AtlassianFixtures.Bytes(fixture));

        var item = WebhookItem.ConfluencePage(body.RootElement);

        Assert.NotNull(item);
        Assert.Matches(@"^\d+$", item);
        if (expected is not null)
        {
            Assert.Equal(expected, item);
        }
    }

    [Fact]
    public void A_body_without_an_item_or_with_an_odd_id_names_nothing()
    {
        using var empty = JsonDocument.Parse("{}");
        using var injected = JsonDocument.Parse("""{"issue":{"key":"../../admin"}}""");
        using var array = JsonDocument.Parse("[1,2]");

        Assert.Null(WebhookItem.JiraIssue(empty.RootElement));
        Assert.Null(WebhookItem.JiraIssue(injected.RootElement));
        Assert.Null(WebhookItem.ConfluencePage(array.RootElement));
    }
}

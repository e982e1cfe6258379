using System.Text;
using Pipeline.Host.Webhooks;

namespace Pipeline.Host.Tests.Webhooks;

/// <summary>A webhook delivery as Atlassian posts it: JSON body, HMAC signature header, delivery id.</summary>
public static class SignedDelivery
{
    /// <param name="secret">The secret to sign with; null sends the delivery unsigned.</param>
    /// <param name="delivery">The delivery id header; null sends none.</param>
    public static HttpRequestMessage Request(string path, byte[] body, string? secret, string? delivery = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (secret is not null)
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(Encoding.UTF8.GetBytes(secret), body));
        }
        if (delivery is not null)
        {
            request.Headers.Add(WebhookReceiver.DeliveryHeader, delivery);
        }
        return request;
    }
}

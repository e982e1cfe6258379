namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// The site refused the credentials (401) or the account's access (403). Permanent: retrying cannot help, so it
/// is never retried, and the message names where the secret comes from but never the secret.
/// </summary>
public sealed class SourceAuthenticationException(string message) : Exception(message)
{
    internal static SourceAuthenticationException For(string product, Uri site, int status, AtlassianCredentials credentials) =>
        new(status == 401
            ? $"{product} at {site.GetLeftPart(UriPartial.Authority)} rejected the credentials (401): check {credentials.DescribedAs}"
            : $"{product} at {site.GetLeftPart(UriPartial.Authority)} refused access (403): the account behind {credentials.DescribedAs} lacks permission, or the site blocks API tokens");
}

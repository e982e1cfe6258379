namespace Pipeline.Core.Redaction;

/// <summary>
/// Every detector by the name job files use, with the typed placeholder a masked value becomes and whether it is a
/// secret (secrets have their own count and alert: a pasted credential must reach a person quickly).
/// </summary>
public static class DetectorNames
{
    public const string Email = "email";
    public const string Card = "card";
    public const string Iban = "iban";
    public const string UsSsn = "us-ssn";
    public const string Phone = "phone";
    public const string IpAddress = "ip-address";
    public const string AwsAccessKey = "aws-access-key";
    public const string GitHubToken = "github-token";
    public const string SlackToken = "slack-token";
    public const string AtlassianToken = "atlassian-token";
    public const string Jwt = "jwt";
    public const string PrivateKey = "private-key";
    public const string PasswordAssignment = "password-assignment";
    public const string HighEntropy = "high-entropy";

    /// <summary>The secret formats, validated by their shape; the high-entropy fallback last.</summary>
    public static IReadOnlyList<string> Secrets { get; } =
        [AwsAccessKey, GitHubToken, SlackToken, AtlassianToken, Jwt, PrivateKey, PasswordAssignment, HighEntropy];

    /// <summary>Every detector, secrets first: where two matches overlap, the earlier detector in this list wins.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Secrets, Card, Iban, UsSsn, Email, Phone, IpAddress];

    public static bool IsSecret(string detector) => Secrets.Contains(detector);

    /// <summary>What a masked value is replaced with: typed, so a reader still sees what kind of value stood there.</summary>
    public static string Placeholder(string detector) => detector switch
    {
        Email => "[EMAIL]",
        Card => "[CARD]",
        Iban => "[IBAN]",
        UsSsn => "[SSN]",
        Phone => "[PHONE]",
        IpAddress => "[IP]",
        PrivateKey => "[PRIVATE-KEY]",
        PasswordAssignment => "[PASSWORD]",
        _ when IsSecret(detector) => "[SECRET]",
        _ => throw new ArgumentOutOfRangeException(nameof(detector), detector, "not a detector"),
    };
}

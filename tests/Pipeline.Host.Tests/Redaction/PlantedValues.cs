namespace Pipeline.Host.Tests.Redaction;

/// <summary>
/// One valid value of every kind the detectors look for, as someone would paste it, with the forms in which it must
/// never be found again (a card number with and without its spaces, a key block by a line of its body).
/// </summary>
public static class PlantedValues
{
    public const string Email = "jane.doe@customer-example.com";
    public const string Card = "4111 1111 1111 1111";
    public const string Iban = "DE89 3704 0044 0532 0130 00";
    public const string Ssn = "219-45-6789";
    public const string Phone = "+44 20 7946 0958";
    public const string Ip = "203.0.113.42";
    public const string AwsKey = "AKIAZ3MPLQRT7VX2WB4N";
    public const string GitHubToken = "ghp_R8xK2mQ9vL4tN7wP1zA5cB3dF6gH0jS2uY8e";
    public const string SlackToken = "xoxb-2048937461-5820398475618-Qm7TzK2vX9pL4wR8nB3cY6dF";
    public const string AtlassianToken =
        "ATATT3xFfGF0T9pQm2Lx7Vb4Nc8Zr1Wd6Ks3Hj5Gf0Ae9Uy2Io7Pl4Mk1Nb8Vc5Xz3Qw6Er9Ty2Ui5Op8As1Df4Gh7Jk0Lz3Xc6Vb9Nm2Qa5Ws8Ed1Rf4Tg7Yh0Uj3Ik6Ol9Pz2Xs5Dc8Fv1Gb4Hn7Jm0Kl3Qw6Er9Ty2Ui5Op8As1Df4Gh7Jk0Lz3Xc6Vb9=A1B2C3D4";
    public const string Jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUgRG9lIn0.Kq3vN8xT2mL7pR4wZ9cB6dF1gH5jS0uY3eA8iO2kQ7s";
    public const string PasswordValue = "Tr0ub4dor&3xQ";
    public const string PrivateKeyBodyLine = "MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi4Gn8ZeU0Fw2P9bXy4oJZx1kQv";

    public static readonly string PrivateKey = string.Join("\n",
        "-----BEGIN RSA PRIVATE KEY-----",
        PrivateKeyBodyLine,
        "q5Xr8Tn2Lm9Vc4Bx7Zs1Dw6Fh3Jk0Pg5Ra8Ue2Yi7Oo4Nt1Mb6Lc9Vx3Zq2Wp5Er",
        "Ty8Ui1Op4As7Df0Gh3Jk6Lz9Xc2Vb5Nm8Qa1Ws4Ed7Rf0Tg3Yh6Uj9Ik2Ol5Pz==",
        "-----END RSA PRIVATE KEY-----");

    /// <summary>Every value as it is planted, by the detector that must find it.</summary>
    public static IReadOnlyList<(string Detector, string Value)> All { get; } =
    [
        ("email", Email), ("card", Card), ("iban", Iban), ("us-ssn", Ssn), ("phone", Phone), ("ip-address", Ip),
        ("aws-access-key", AwsKey), ("github-token", GitHubToken), ("slack-token", SlackToken), ("atlassian-token", AtlassianToken),
        ("jwt", Jwt), ("password-assignment", PasswordValue), ("private-key", PrivateKey),
    ];

    /// <summary>What must not appear anywhere: each value, spaced values without their spaces, a key block by its body.</summary>
    public static IReadOnlyList<string> Forbidden { get; } =
    [
        Email, Card, Card.Replace(" ", ""), Iban, Iban.Replace(" ", ""), Ssn, Phone, "7946 0958", Ip, AwsKey, GitHubToken, SlackToken,
        AtlassianToken[..40], Jwt[..60], PasswordValue, PrivateKeyBodyLine[..40],
    ];

    /// <summary>Sentences carrying every value, one per line, as a support ticket or a wiki page would.</summary>
    public static IReadOnlyList<string> Sentences { get; } =
    [
        $"The customer wrote from {Email} about the refund.",
        $"She paid with card {Card} and asked for the money back.",
        $"Transfer it to IBAN {Iban} instead.",
        $"Her social security number is {Ssn} for the tax form.",
        $"Call her back on {Phone} after five.",
        $"The request came from {Ip} through the gateway.",
        $"The deploy script still holds aws_access_key_id {AwsKey} in plain text.",
        $"The CI runner uses the token {GitHubToken} to push tags.",
        $"The bot posts with {SlackToken} to the alerts channel.",
        $"Jira automation authenticates with {AtlassianToken} today.",
        $"The session cookie was {Jwt} when it failed.",
        $"The old config had password={PasswordValue} on the staging database.",
    ];
}

using System.Text;
using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.PlantedSet;

/// <summary>Every secret format the detectors know, built from random bodies of the documented shape.</summary>
internal sealed class PlantedSecrets(RandomText random)
{
    public IEnumerable<PlantedValue> AwsAccessKeys(int count) => Repeat(count, DetectorNames.AwsAccessKey,
        () => random.Pick(["AKIA", "ASIA", "ABIA", "ACCA"]) + random.From(RandomText.Upper + RandomText.Digits, 16),
        ["aws_access_key_id = {0}", "The CI user's key {0} was leaked in the build log.", "export AWS_ACCESS_KEY_ID={0}"]);

    public IEnumerable<PlantedValue> GitHubTokens(int count) => Repeat(count, DetectorNames.GitHubToken,
        () => random.Chance(0.25)
            ? $"github_pat_{random.From(RandomText.Alphanumeric, 22)}_{random.From(RandomText.Alphanumeric, 59)}"
            : random.Pick(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + random.From(RandomText.Alphanumeric, 36),
        ["GITHUB_TOKEN={0}", "I used the token {0} to push the release.", "git clone https://x-access-token:{0}@github.com/org/repo"]);

    public IEnumerable<PlantedValue> SlackTokens(int count) => Repeat(count, DetectorNames.SlackToken,
        () => random.Next(4) switch
        {
            0 => $"xoxb-{random.From(RandomText.Digits, 12)}-{random.From(RandomText.Digits, 13)}-{random.From(RandomText.Alphanumeric, 24)}",
            1 => $"xoxp-{random.From(RandomText.Digits, 12)}-{random.From(RandomText.Digits, 12)}-{random.From(RandomText.Digits, 13)}-{random.From(RandomText.LowerHex, 32)}",
            2 => $"xapp-1-A{random.From(RandomText.Upper + RandomText.Digits, 10)}-{random.From(RandomText.Digits, 13)}-{random.From(RandomText.LowerHex, 64)}",
            _ => $"https://hooks.slack.com/services/T{random.From(RandomText.Upper + RandomText.Digits, 8)}/B{random.From(RandomText.Upper + RandomText.Digits, 10)}/{random.From(RandomText.Alphanumeric, 24)}",
        },
        ["SLACK_BOT_TOKEN={0}", "The alert posts through {0} now.", "slack: {0}"]);

    public IEnumerable<PlantedValue> AtlassianTokens(int count) => Repeat(count, DetectorNames.AtlassianToken,
        () => random.Pick(["ATATT3", "ATCTT3"]) + random.From(RandomText.Base64Url, 178) + "=" + random.From("0123456789ABCDEF", 8),
        ["JIRA_API_TOKEN={0}", "Use {0} as the password for the Confluence REST API.", "token: {0}"]);

    public IEnumerable<PlantedValue> Jwts(int count) => Repeat(count, DetectorNames.Jwt,
        () =>
        {
            var header = Base64Url($$"""{"alg":"{{random.Pick(["HS256", "RS256", "ES256"])}}","typ":"JWT"}""");
            var payload = Base64Url($$"""{"sub":"{{random.From(RandomText.Digits, 10)}}","name":"user{{random.Next(1000)}}","iat":{{random.Between(1_600_000_000, 1_800_000_000)}}}""");
            return $"{header}.{payload}.{random.From(RandomText.Base64Url, 43)}";
        },
        ["Authorization: Bearer {0}", "The session cookie held {0} for a week.", "id_token={0}&state=xyz"]);

    public IEnumerable<PlantedValue> PrivateKeys(int count) => Repeat(count, DetectorNames.PrivateKey,
        () =>
        {
            var label = random.Pick(["", "RSA ", "EC ", "OPENSSH ", "ENCRYPTED "]);
            var lines = Enumerable.Range(0, random.Between(3, 8)).Select(_ => random.From(RandomText.Base64, 64)).Append(random.From(RandomText.Base64, 20) + "==");
            return $"-----BEGIN {label}PRIVATE KEY-----\n{string.Join('\n', lines)}\n-----END {label}PRIVATE KEY-----";
        },
        ["Here is the deploy key:\n{0}\nDelete this message once copied.", "{0}", "key.pem contains\n{0}\n"]);

    public IEnumerable<PlantedValue> PasswordAssignments(int count)
    {
        string[] sentences = ["password={0}", "DB_PASSWORD='{0}'", "\"client_secret\": \"{0}\",", "Server=db01;Uid=app;Pwd={0};", "api_key: {0}", "The wiki says pwd: {0} for the test box."];
        for (var i = 0; i < count; i++)
        {
            // Passwords people write: a word-ish start, then digits and symbols; no quotes or separators.
            var value = random.From(RandomText.Upper + RandomText.Lower, 1) + random.From(RandomText.Lower, random.Between(3, 8))
                + random.From(RandomText.Digits, random.Between(1, 4)) + random.From("!@#$%^*+-_", random.Between(0, 2)) + random.From(RandomText.Alphanumeric, random.Between(0, 4));
            yield return new(DetectorNames.PasswordAssignment, value, random.Pick(sentences));
        }
    }

    public IEnumerable<PlantedValue> HighEntropyTokens(int count) => Repeat(count, DetectorNames.HighEntropy,
        () => random.From(RandomText.Alphanumeric, 1) + random.From(random.Chance(0.5) ? RandomText.Base64 : RandomText.Base64Url, 39),
        ["The signing secret is {0} and it expires soon.", "Use {0} to sign webhook payloads.", "Stored value: {0}"]);

    private IEnumerable<PlantedValue> Repeat(int count, string detector, Func<string> value, string[] sentences)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new(detector, value(), random.Pick(sentences));
        }
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

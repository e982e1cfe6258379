using System.Net.Http.Headers;
using System.Text;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// How requests to an Atlassian site authenticate: Cloud takes an account e-mail and API token over Basic, Data
/// Center a personal access token over Bearer. Secrets come from environment variables named by the job, and
/// only those names are ever shown (<see cref="ToString"/>, error messages), never the values.
/// </summary>
public sealed class AtlassianCredentials
{
    private readonly AuthenticationHeaderValue? _header;

    private AtlassianCredentials(string scheme, AuthenticationHeaderValue? header, string describedAs)
    {
        Scheme = scheme;
        _header = header;
        DescribedAs = describedAs;
    }

    /// <summary><c>Basic</c>, <c>Bearer</c> or <c>none</c>.</summary>
    public string Scheme { get; }

    /// <summary>Where the secret came from, for messages: e.g. <c>JIRA_EMAIL/JIRA_API_TOKEN</c>.</summary>
    public string DescribedAs { get; }

    /// <summary>No Authorization header: public sites, or a proxy that authenticates for us.</summary>
    public static AtlassianCredentials Anonymous { get; } = new("none", null, "no credentials");

    public static AtlassianCredentials ApiToken(string email, string apiToken, string describedAs = "the e-mail and API token")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiToken);
        var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email.Trim()}:{apiToken.Trim()}"));
        return new AtlassianCredentials("Basic", new AuthenticationHeaderValue("Basic", pair), describedAs);
    }

    public static AtlassianCredentials PersonalAccessToken(string token, string describedAs = "the personal access token")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new AtlassianCredentials("Bearer", new AuthenticationHeaderValue("Bearer", token.Trim()), describedAs);
    }

    /// <summary>
    /// A personal access token when <paramref name="personalAccessTokenVariable"/> names a set variable, else the
    /// e-mail and API token pair; no names at all means anonymous. A named but unset variable is an error, so a
    /// typo in a job file fails the run instead of silently sending anonymous requests.
    /// </summary>
    public static AtlassianCredentials FromEnvironment(string? emailVariable, string? apiTokenVariable, string? personalAccessTokenVariable) =>
        FromEnvironment(emailVariable, apiTokenVariable, personalAccessTokenVariable, Environment.GetEnvironmentVariable);

    internal static AtlassianCredentials FromEnvironment(
        string? emailVariable, string? apiTokenVariable, string? personalAccessTokenVariable, Func<string, string?> read)
    {
        var wantsPair = !string.IsNullOrWhiteSpace(emailVariable) || !string.IsNullOrWhiteSpace(apiTokenVariable);
        if (!string.IsNullOrWhiteSpace(personalAccessTokenVariable))
        {
            if (read(personalAccessTokenVariable) is { Length: > 0 } token && !string.IsNullOrWhiteSpace(token))
            {
                return PersonalAccessToken(token, personalAccessTokenVariable);
            }
            if (!wantsPair)
            {
                throw new InvalidOperationException($"environment variable {personalAccessTokenVariable} is not set");
            }
        }
        if (!wantsPair)
        {
            return Anonymous;
        }
        if (string.IsNullOrWhiteSpace(emailVariable) || string.IsNullOrWhiteSpace(apiTokenVariable))
        {
            throw new InvalidOperationException("an API token needs both an e-mail variable and a token variable");
        }
        var email = read(emailVariable);
        var apiToken = read(apiTokenVariable);
        var missing = new[] { (Name: emailVariable, Value: email), (Name: apiTokenVariable, Value: apiToken) }
            .Where(v => string.IsNullOrWhiteSpace(v.Value))
            .Select(v => v.Name)
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"environment variable{(missing.Count > 1 ? "s" : "")} {string.Join(" and ", missing)} not set");
        }
        return ApiToken(email!, apiToken!, $"{emailVariable}/{apiTokenVariable}");
    }

    internal void Apply(HttpRequestMessage request)
    {
        if (_header is not null)
        {
            request.Headers.Authorization = _header;
        }
    }

    public override string ToString() => $"{Scheme} credentials from {DescribedAs}";
}

using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// GitHub tokens, which carry their kind in a prefix: classic personal (ghp_), OAuth (gho_), user-to-server (ghu_),
/// server-to-server (ghs_) and refresh (ghr_) tokens have 36 letters and digits after it; fine-grained personal
/// tokens are <c>github_pat_</c>, 22 characters, an underscore and 59 more.
/// </summary>
internal sealed class GitHubTokenDetector : ISensitiveDataDetector
{
    private static readonly Regex Pattern = DetectorPatterns.Create(
        "gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}");

    public string Name => DetectorNames.GitHubToken;

    public IEnumerable<SensitiveMatch> Find(string text) => WholeTokenMatches.Find(Name, Pattern, text);
}

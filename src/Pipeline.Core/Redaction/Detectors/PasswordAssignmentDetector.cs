using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// Credentials written as assignments in configuration, code, connection strings and chat: a key such as
/// <c>password</c>, <c>pwd</c>, <c>secret</c>, <c>api_key</c>, <c>token</c> or <c>client_secret</c> (also as the end
/// of a longer key: <c>DB_PASSWORD</c>, <c>newPassword</c>, <c>"access_token"</c>), then <c>=</c> or <c>:</c>, then a value of at least
/// six characters. The match is the value only, without its quotes, so the key stays readable. Values that stand in
/// for a credential rather than being one are left alone (<see cref="PlaceholderValues"/>).
/// </summary>
internal sealed class PasswordAssignmentDetector : ISensitiveDataDetector
{
    private const int MinimumLength = 6;

    // Quoted values may hold spaces; an unquoted value runs to whitespace, a quote or a list separator (connection
    // strings and query strings separate pairs with ';' and '&').
    private static readonly Regex Assignment = DetectorPatterns.Create(
        @"(?:passwor[dt]|passwd|pwd|secret|api[_-]?key|token)[""']?[ \t]*(?::=|=>|==|[:=])[ \t]*" +
        @"(?:""(?<value>[^""\r\n]{1,256})""|'(?<value>[^'\r\n]{1,256})'|(?<value>[^\s""',;&]{1,256}))",
        ignoreCase: true);

    public string Name => DetectorNames.PasswordAssignment;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Assignment.Matches(text))
        {
            var value = match.Groups["value"];
            var length = TrimmedLength(value.ValueSpan, quoted: text[value.Index - 1] is '"' or '\'');
            if (length >= MinimumLength && !PlaceholderValues.IsPlaceholder(value.ValueSpan) && !PlaceholderValues.IsPlaceholder(value.ValueSpan[..length]))
            {
                yield return new SensitiveMatch(Name, value.Index, length);
            }
        }
    }

    /// <summary>An unquoted value loses the sentence punctuation or closing bracket that followed it.</summary>
    private static int TrimmedLength(ReadOnlySpan<char> value, bool quoted) =>
        quoted ? value.Length : value.TrimEnd(".)]}").Length;
}

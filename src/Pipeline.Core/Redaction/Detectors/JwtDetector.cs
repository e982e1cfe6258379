using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// JSON Web Tokens: three base64url segments joined by dots, the first of which decodes to a JSON object with an
/// <c>alg</c> member. The header check is what separates a bearer token from any dotted base64 (a JWS header always
/// names its algorithm). An unsigned token (empty third segment, <c>alg: none</c>) still exposes its claims, so it
/// counts too.
/// </summary>
internal sealed class JwtDetector : ISensitiveDataDetector
{
    // "eyJ" is base64url for '{"', the start of every compact JWT header.
    private static readonly Regex Candidate = DetectorPatterns.Create(
        @"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*");

    public string Name => DetectorNames.Jwt;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Candidate.Matches(text))
        {
            var before = TextEdges.Before(text, match.Index);
            var after = TextEdges.After(text, match.Index + match.Length);
            // A fourth dotted segment makes it something else (a JWE has five); a full stop after it does not.
            var fourthSegment = after == '.' && IsBase64Url(TextEdges.After(text, match.Index + match.Length + 1));
            if (IsBase64Url(before) || fourthSegment)
            {
                continue;
            }
            var header = match.ValueSpan[..match.ValueSpan.IndexOf('.')];
            if (HeaderNamesAlgorithm(header))
            {
                yield return new SensitiveMatch(Name, match.Index, match.Length);
            }
        }
    }

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool HeaderNamesAlgorithm(ReadOnlySpan<char> header)
    {
        var buffer = new byte[Base64Url.GetMaxDecodedLength(header.Length)];
        if (!Base64Url.TryDecodeFromChars(header, buffer, out var written))
        {
            return false;
        }
        try
        {
            using var json = JsonDocument.Parse(buffer.AsMemory(0, written));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("alg", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// PEM private keys (PKCS#1 RSA, EC, DSA, OpenSSH, PKCS#8 and encrypted PKCS#8): the whole block from the BEGIN line
/// to the matching END line. A block whose END line is missing (a key cut off by a page or a paste) still runs to the
/// end of its base64 body: half a private key is still a leak.
/// </summary>
internal sealed class PrivateKeyDetector : ISensitiveDataDetector
{
    private const string Begin = "-----BEGIN ";
    private const string LabelEnd = "PRIVATE KEY-----";

    public string Name => DetectorNames.PrivateKey;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        // Where each label's next END line is (-1: none left). Remembered so that a text of BEGIN lines without
        // END lines is read once, not once per BEGIN line.
        var nextEnd = new Dictionary<string, int>(StringComparer.Ordinal);
        var from = 0;
        while (from < text.Length)
        {
            var start = text.IndexOf(Begin, from, StringComparison.Ordinal);
            if (start < 0)
            {
                yield break;
            }
            var label = LabelOf(text, start + Begin.Length);
            if (label is null)
            {
                from = start + Begin.Length;
                continue;
            }
            var bodyStart = start + Begin.Length + label.Length + LabelEnd.Length;
            var endLine = $"-----END {label}{LabelEnd}";
            if (!nextEnd.TryGetValue(label, out var end) || (end >= 0 && end < bodyStart))
            {
                end = text.IndexOf(endLine, bodyStart, StringComparison.Ordinal);
                nextEnd[label] = end;
            }
            var blockEnd = end >= 0 ? end + endLine.Length : EndOfBody(text, bodyStart);
            yield return new SensitiveMatch(Name, start, blockEnd - start);
            from = blockEnd;
        }
    }

    /// <summary>"RSA ", "EC ", "OPENSSH ", "ENCRYPTED " or "" before PRIVATE KEY; null when the block is not a private key.</summary>
    private static string? LabelOf(string text, int at)
    {
        var end = at;
        while (end < text.Length && end - at <= 20 && (char.IsAsciiLetterUpper(text[end]) || text[end] == ' '))
        {
            end++;
        }
        // The label is upper-case words each followed by a space, e.g. "RSA " or "" (PKCS#8).
        for (var cut = at; cut <= end; cut++)
        {
            if ((cut == at || text[cut - 1] == ' ') && string.CompareOrdinal(text, cut, LabelEnd, 0, LabelEnd.Length) == 0)
            {
                return text[at..cut];
            }
        }
        return null;
    }

    /// <summary>
    /// Where the body of a block without an END line stops: after the last line that is base64 or a
    /// <c>Proc-Type:</c>/<c>DEK-Info:</c> header; the first line of anything else (prose, code) ends it.
    /// </summary>
    private static int EndOfBody(string text, int bodyStart)
    {
        var end = bodyStart;
        var lineStart = bodyStart;
        while (lineStart < text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            var line = text.AsSpan(lineStart, lineEnd - lineStart).Trim();
            if (!line.IsEmpty)
            {
                if (!IsBodyLine(line))
                {
                    break;
                }
                end = lineStart + text.AsSpan(lineStart, lineEnd - lineStart).TrimEnd().Length;
            }
            lineStart = lineEnd + 1;
        }
        return end;
    }

    private static bool IsBodyLine(ReadOnlySpan<char> line) =>
        line.StartsWith("Proc-Type:", StringComparison.Ordinal) || line.StartsWith("DEK-Info:", StringComparison.Ordinal)
        || (!line.ContainsAnyExcept(Base64Characters) && (line.Length >= 16 || line.ContainsAny(NonWordBase64Characters)));

    // A short line of letters only after a cut-off key is a word ("Thanks"), not the key's last line.
    private static readonly System.Buffers.SearchValues<char> NonWordBase64Characters =
        System.Buffers.SearchValues.Create("0123456789+/=");

    private static readonly System.Buffers.SearchValues<char> Base64Characters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
}

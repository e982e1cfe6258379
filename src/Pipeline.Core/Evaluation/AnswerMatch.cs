using System.Globalization;
using System.Text;

namespace Pipeline.Core.Evaluation;

public enum AnswerMatchKind
{
    Strict,
    Tolerant,
}

/// <summary>
/// The hit rules of the reference scorer (<c>shared/qa/eval_retrieval.py</c>), so that <c>eval</c> and the scorer agree
/// figure for figure. Strict: whitespace-collapsed, lower-cased substring. Tolerant: both sides reduced to their letters
/// and digits (NFKC, lower-cased, anything else dropped), then substring. Python's <c>str.lower</c>, <c>str.isspace</c>
/// and <c>str.isalnum</c> are mirrored by <see cref="PythonText"/>; where .NET can still differ is said there.
/// </summary>
public static class AnswerMatch
{
    public static AnswerMatchKind? Match(string answer, string text) => Match(new NormalisedText(answer), new NormalisedText(text));

    public static AnswerMatchKind? Match(NormalisedText answer, NormalisedText text)
    {
        if (text.Strict.Contains(answer.Strict, StringComparison.Ordinal))
        {
            return AnswerMatchKind.Strict;
        }
        return answer.Tolerant.Length > 0 && text.Tolerant.Contains(answer.Tolerant, StringComparison.Ordinal) ? AnswerMatchKind.Tolerant : null;
    }

    /// <summary>A result names a question's file when the file stem (name without ".pdf") is in it, case-insensitively.</summary>
    public static bool NamesFile(string file, string document) =>
        PythonText.Lower(document).Contains(Stem(file), StringComparison.Ordinal);

    public static string Stem(string file)
    {
        var name = file[(file.LastIndexOf('/') + 1)..];
        if (name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^4];
        }
        return PythonText.Lower(name);
    }

    /// <summary>Whitespace runs become one space, ends trimmed, lower-cased: Python's <c>re.sub(r"\s+", " ", s).strip().lower()</c>.</summary>
    public static string WhitespaceNormalised(string s)
    {
        var builder = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (PythonText.IsSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return PythonText.Lower(builder.ToString());
    }

    /// <summary>NFKC, lower-cased, letters and digits only: Python's <c>"".join(ch for ch in nfkc(s).lower() if ch.isalnum())</c>.</summary>
    public static string LettersAndDigits(string s)
    {
        var lowered = PythonText.Lower(s.Normalize(NormalizationForm.FormKC));
        var builder = new StringBuilder(lowered.Length);
        foreach (var rune in lowered.EnumerateRunes())
        {
            if (PythonText.IsAlnum(rune))
            {
                builder.Append(rune.ToString());
            }
        }
        return builder.ToString();
    }
}

/// <summary>Both normal forms of one text, computed once: a chunk is compared with many answers.</summary>
public sealed class NormalisedText(string text)
{
    private string? _tolerant;

    public string Strict { get; } = AnswerMatch.WhitespaceNormalised(text);

    public string Tolerant => _tolerant ??= AnswerMatch.LettersAndDigits(text);
}

using System.Globalization;
using System.Text;

namespace Pipeline.Host.Web;

/// <summary>
/// Makes text a client chose safe to put in a log line: CR/LF would let it forge whole entries, and other control
/// characters (terminal escapes, line separators) can hide or rewrite what an operator sees.
/// </summary>
public static class LogText
{
    /// <summary>Longer input is cut here: a log is no place for a megabyte "user name".</summary>
    public const int MaxLength = 128;

    public static string Escape(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength) + 8);
        foreach (var c in text.Length > MaxLength ? text[..MaxLength] : text)
        {
            _ = c switch
            {
                '\r' => builder.Append(@"\r"),
                '\n' => builder.Append(@"\n"),
                '\t' => builder.Append(@"\t"),
                '\\' => builder.Append(@"\\"),
                _ when char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format =>
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }
        return text.Length > MaxLength ? builder.Append('…').ToString() : builder.ToString();
    }
}

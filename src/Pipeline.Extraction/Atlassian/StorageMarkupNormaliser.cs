using System.Text;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Prepares a storage-format body for an HTML parser in one linear pass, so a 10 MB page costs next to nothing:
/// <list type="bullet">
/// <item>In HTML, <c>&lt;![CDATA[…]]&gt;</c> is a bogus comment that ends at the first '&gt;', which would cut
/// code macro bodies apart; it becomes escaped text.</item>
/// <item><c>&lt;ri:page … /&gt;</c> or <c>&lt;p /&gt;</c> is only a start tag in HTML, so what follows would be
/// swallowed by it; such tags get an explicit end tag.</item>
/// <item>Tags nested deeper than <see cref="MaxElementDepth"/> are dropped and their text kept: the parser's
/// tree building slows down quadratically on thousands of open elements, and no real page nests that deep.</item>
/// </list>
/// Depth is counted from start and end tags, which is exact for storage format because Confluence writes it
/// as well-formed XHTML.
/// </summary>
internal sealed class StorageMarkupNormaliser
{
    // Several times the block walk's own limit (a list level is two elements, a macro two or three).
    public const int MaxElementDepth = 256;

    private const string CharacterDataStart = "<![CDATA[";
    private const string CharacterDataEnd = "]]>";
    private const string CommentStart = "<!--";
    private const string CommentEnd = "-->";

    // Elements that never have content in HTML: for these a self-closing slash means what HTML already assumes.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> VoidElements =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        }.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string _xhtml;
    private readonly StringBuilder _output;
    private int _depth;

    private StorageMarkupNormaliser(string xhtml)
    {
        _xhtml = xhtml;
        _output = new StringBuilder(xhtml.Length + (xhtml.Length / 8));
    }

    /// <summary>Whether tags were dropped for nesting too deep.</summary>
    public bool Flattened { get; private set; }

    /// <summary>The body as HTML, ready for the parser.</summary>
    public string Html => _output.ToString();

    public static StorageMarkupNormaliser Normalise(string xhtml)
    {
        var normaliser = new StorageMarkupNormaliser(xhtml);
        normaliser.Run();
        return normaliser;
    }

    private void Run()
    {
        var position = 0;
        while (position < _xhtml.Length)
        {
            var open = _xhtml.IndexOf('<', position);
            if (open < 0)
            {
                _output.Append(_xhtml, position, _xhtml.Length - position);
                break;
            }
            _output.Append(_xhtml, position, open - position);
            position = open + 1 < _xhtml.Length ? CopyMarkup(open) : CopyVerbatim(open, open + 1);
        }
    }

    private int CopyMarkup(int open)
    {
        var rest = _xhtml.AsSpan(open);
        if (rest.StartsWith(CharacterDataStart, StringComparison.Ordinal))
        {
            return CopyCharacterData(open);
        }
        if (rest.StartsWith(CommentStart, StringComparison.Ordinal))
        {
            return CopyVerbatim(open, EndOf(open + CommentStart.Length, CommentEnd));
        }
        if (char.IsAsciiLetter(rest[1]))
        {
            return CopyStartTag(open);
        }
        if (rest[1] == '/' && rest.Length > 2 && char.IsAsciiLetter(rest[2]))
        {
            return CopyEndTag(open);
        }
        return CopyVerbatim(open, open + 1);
    }

    // An unterminated section (a truncated body) runs to the end, as an XML parser that recovers would read it.
    private int CopyCharacterData(int open)
    {
        var start = open + CharacterDataStart.Length;
        var close = _xhtml.IndexOf(CharacterDataEnd, start, StringComparison.Ordinal);
        var end = close < 0 ? _xhtml.Length : close;
        foreach (var c in _xhtml.AsSpan(start, end - start))
        {
            _ = c switch
            {
                '<' => _output.Append("&lt;"),
                '>' => _output.Append("&gt;"),
                '&' => _output.Append("&amp;"),
                _ => _output.Append(c),
            };
        }
        return close < 0 ? _xhtml.Length : close + CharacterDataEnd.Length;
    }

    private int CopyStartTag(int open)
    {
        var nameEnd = open + 1;
        while (nameEnd < _xhtml.Length && !char.IsWhiteSpace(_xhtml[nameEnd]) && _xhtml[nameEnd] is not ('/' or '>'))
        {
            nameEnd++;
        }
        var close = TagEnd(nameEnd);
        if (close < 0)
        {
            return CopyVerbatim(open, _xhtml.Length);
        }
        var name = _xhtml.AsSpan(open + 1, nameEnd - open - 1);
        if (VoidElements.Contains(name))
        {
            return CopyVerbatim(open, close + 1);
        }
        var slash = close - 1;
        while (slash > nameEnd && char.IsWhiteSpace(_xhtml[slash]))
        {
            slash--;
        }
        var selfClosing = slash >= nameEnd && _xhtml[slash] == '/';
        if (selfClosing ? _depth >= MaxElementDepth : ++_depth > MaxElementDepth)
        {
            return Drop(close);
        }
        if (!selfClosing)
        {
            return CopyVerbatim(open, close + 1);
        }
        _output.Append(_xhtml, open, slash - open).Append("></").Append(name).Append('>');
        return close + 1;
    }

    private int CopyEndTag(int open)
    {
        var close = _xhtml.IndexOf('>', open);
        if (close < 0)
        {
            return CopyVerbatim(open, _xhtml.Length);
        }
        var dropped = _depth > MaxElementDepth;
        _depth = Math.Max(0, _depth - 1);
        return dropped ? Drop(close) : CopyVerbatim(open, close + 1);
    }

    // A dropped tag may have separated two blocks' words; a space keeps them apart.
    private int Drop(int close)
    {
        Flattened = true;
        _output.Append(' ');
        return close + 1;
    }

    // The '>' that closes the tag, skipping quoted attribute values (which may contain '>'); -1 when cut off.
    private int TagEnd(int from)
    {
        var previous = ' ';
        for (var i = from; i < _xhtml.Length; i++)
        {
            var c = _xhtml[i];
            if (c == '>')
            {
                return i;
            }
            if (c is '"' or '\'' && previous == '=')
            {
                var quoteEnd = _xhtml.IndexOf(c, i + 1);
                if (quoteEnd < 0)
                {
                    return -1;
                }
                i = quoteEnd;
            }
            if (!char.IsWhiteSpace(c))
            {
                previous = c;
            }
        }
        return -1;
    }

    private int EndOf(int from, string terminator)
    {
        var index = _xhtml.IndexOf(terminator, from, StringComparison.Ordinal);
        return index < 0 ? _xhtml.Length : index + terminator.Length;
    }

    private int CopyVerbatim(int start, int end)
    {
        _output.Append(_xhtml, start, end - start);
        return end;
    }
}

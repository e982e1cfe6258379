using System.Text;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Collects the running text of one paragraph, cell or list item. Source whitespace (markup indentation, runs
/// of spaces, stray newlines) collapses to single spaces, while explicit line breaks survive as '\n', because
/// only the latter were meant by the author.
/// </summary>
internal sealed class InlineText
{
    // Two breaks in a row mark a visual gap; more add nothing.
    private const int MaxConsecutiveBreaks = 2;

    private readonly StringBuilder _text = new();
    private bool _pendingSpace;
    private int _trailingBreaks;

    public bool IsEmpty => _text.Length == 0;

    public void Append(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = true;
                continue;
            }
            if (char.IsControl(c))
            {
                continue;
            }
            if (_pendingSpace && _text.Length > 0 && _trailingBreaks == 0)
            {
                _text.Append(' ');
            }
            _pendingSpace = false;
            _trailingBreaks = 0;
            _text.Append(c);
        }
    }

    /// <summary>A word boundary between two pieces that must not run together (a name after a link, two cells' paragraphs).</summary>
    public void AppendSeparator() => _pendingSpace = true;

    public void AppendLineBreak()
    {
        _pendingSpace = false;
        if (_text.Length == 0 || _trailingBreaks >= MaxConsecutiveBreaks)
        {
            return;
        }
        _text.Append('\n');
        _trailingBreaks++;
    }

    /// <summary>The text so far, without leading or trailing blanks; the collector starts over empty.</summary>
    public string Take()
    {
        var text = _text.ToString(0, _text.Length - _trailingBreaks);
        _text.Clear();
        _pendingSpace = false;
        _trailingBreaks = 0;
        return text;
    }
}

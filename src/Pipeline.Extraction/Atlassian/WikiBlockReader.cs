using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Reads Jira wiki markup line by line: headings, lists, tables, code and quote blocks, panels, and
/// blank-line separated paragraphs. Block macros ({code}, {quote}, {info}…) may open and close anywhere on a
/// line, as Jira allows.
/// </summary>
internal sealed partial class WikiBlockReader
{
    private const string QuotePrefix = "> ";

    [GeneratedRegex(@"\{(code|noformat|quote|panel|info|note|warning|tip)(?::([^}\n]*))?\}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"^h([1-6])\.\s*(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"^bq\.\s*(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex QuoteLine();

    [GeneratedRegex(@"^([*#]+|-)\s+(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ListLine();

    [GeneratedRegex(@"^-{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleLine();

    private readonly BlockWriter _writer = new();
    private readonly ConversionTally _tally = new();
    private readonly List<string> _paragraph = [];
    private readonly List<IReadOnlyList<string>> _table = [];
    private readonly List<int> _listNumbers = [];
    private readonly List<OpenBlock> _open = [];
    private ListItemInProgress? _item;
    private StringBuilder? _code;
    private string _codeTag = string.Empty;

    public ConvertedBody Read(string markup)
    {
        foreach (var line in markup.ReplaceLineEndings("\n").Split('\n'))
        {
            Line(line);
        }
        FlushAll();
        if (_code is not null)
        {
            // Unclosed {code}: everything after it was code, as Jira renders it.
            _writer.Code(TrimBlankLines(_code.ToString()));
            _tally.Malformed();
        }
        return _tally.Result(_writer);
    }

    private string Prefix => string.Concat(_open.Select(o => o.Prefix));

    private void Line(string line)
    {
        if (_code is null && string.IsNullOrWhiteSpace(line))
        {
            FlushAll();
            return;
        }
        var position = 0;
        while (true)
        {
            if (_code is not null)
            {
                var end = line.IndexOf(_codeTag, position, StringComparison.OrdinalIgnoreCase);
                if (end < 0)
                {
                    _code.Append(line, position, line.Length - position).Append('\n');
                    return;
                }
                _code.Append(line, position, end - position);
                _writer.Code(TrimBlankLines(_code.ToString()));
                _code = null;
                position = end + _codeTag.Length;
                continue;
            }
            var tag = BlockTag().Match(line, position);
            var textEnd = tag.Success ? tag.Index : line.Length;
            if (!line.AsSpan(position, textEnd - position).IsWhiteSpace())
            {
                Text(line[position..textEnd].Trim());
            }
            if (!tag.Success)
            {
                return;
            }
            Tag(tag.Groups[1].Value.ToLowerInvariant(), tag.Groups[2].Success ? tag.Groups[2].Value : null);
            position = tag.Index + tag.Length;
        }
    }

    private void Tag(string name, string? parameters)
    {
        FlushAll();
        if (name is "code" or "noformat")
        {
            _code = new StringBuilder();
            _codeTag = "{" + name + "}";
            return;
        }
        // A bare tag closes the same kind when one is open ({quote} toggles, {info}…{info}); otherwise it opens.
        var open = _open.FindLastIndex(o => o.Name == name);
        if (parameters is null && open >= 0)
        {
            _open.RemoveRange(open, _open.Count - open);
            return;
        }
        var prefix = name == "quote" ? QuotePrefix : CalloutLabel.PrefixFor(name);
        if (Parameter(parameters, "title") is { } title)
        {
            _writer.Paragraph(Inline(title), Prefix + prefix);
        }
        _open.Add(new OpenBlock(name, prefix));
    }

    private void Text(string text)
    {
        if (HeadingLine().Match(text) is { Success: true } heading)
        {
            FlushAll();
            _writer.Heading(Inline(heading.Groups[2].Value), heading.Groups[1].Value[0] - '0');
        }
        else if (QuoteLine().Match(text) is { Success: true } quote)
        {
            FlushAll();
            _writer.Paragraph(Inline(quote.Groups[1].Value), Prefix + QuotePrefix);
        }
        else if (RuleLine().IsMatch(text))
        {
            FlushAll();
        }
        else if (ListLine().Match(text) is { Success: true } item)
        {
            FlushParagraph();
            FlushTable();
            FlushItem();
            StartItem(item.Groups[1].Value, item.Groups[2].Value);
        }
        else if (text.StartsWith('|'))
        {
            FlushParagraph();
            FlushList();
            _table.Add(WikiTableRow.Cells(text).Select(cell => Inline(cell).Replace('\n', ' ')).ToList());
        }
        else if (_item is { } current)
        {
            // A line right under an item, with no marker of its own, continues that item.
            _item = current with { Text = current.Text + "\n" + Inline(text) };
        }
        else
        {
            FlushTable();
            _paragraph.Add(Inline(text));
        }
    }

    private void StartItem(string marker, string text)
    {
        var level = marker.Length;
        if (_listNumbers.Count > level)
        {
            _listNumbers.RemoveRange(level, _listNumbers.Count - level);
        }
        while (_listNumbers.Count < level)
        {
            _listNumbers.Add(0);
        }
        var ordered = marker[^1] == '#';
        _listNumbers[level - 1] = ordered ? _listNumbers[level - 1] + 1 : 0;
        _item = new ListItemInProgress(Inline(text), level, ordered ? $"{_listNumbers[level - 1]}. " : string.Empty);
    }

    private void FlushAll()
    {
        FlushParagraph();
        FlushTable();
        FlushList();
    }

    private void FlushParagraph()
    {
        _writer.Paragraph(string.Join('\n', _paragraph.Where(line => line.Length > 0)), Prefix);
        _paragraph.Clear();
    }

    private void FlushTable()
    {
        _writer.Table(_table);
        _table.Clear();
    }

    private void FlushList()
    {
        FlushItem();
        _listNumbers.Clear();
    }

    private void FlushItem()
    {
        if (_item is { } item)
        {
            _writer.ListItem(item.Text, item.Level, item.Marker);
        }
        _item = null;
    }

    private string Inline(string markup) => WikiInlineText.ToPlain(markup, _tally);

    // {panel:title=Heads up|borderStyle=dashed}
    private static string? Parameter(string? parameters, string name) => parameters?
        .Split('|')
        .Select(pair => pair.Split('=', 2))
        .Where(pair => pair.Length == 2 && pair[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
        .Select(pair => pair[1].Trim())
        .FirstOrDefault(value => value.Length > 0);

    // The line breaks right after {code} and right before the closing tag are layout, not code.
    private static string TrimBlankLines(string code)
    {
        var start = 0;
        for (var newline = code.IndexOf('\n'); newline >= 0 && code.AsSpan(start, newline - start).IsWhiteSpace(); newline = code.IndexOf('\n', start))
        {
            start = newline + 1;
        }
        return code[start..].TrimEnd();
    }

    private readonly record struct OpenBlock(string Name, string Prefix);

    private readonly record struct ListItemInProgress(string Text, int Level, string Marker);
}

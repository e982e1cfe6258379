using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Core.Documents;

namespace Pipeline.Core.Chunking;

/// <summary>
/// Renders a block as text and, when it exceeds the budget, cuts it where meaning is least damaged:
/// tables by whole rows (repeating the header), prose by sentences, a run-on sentence by words.
/// </summary>
internal sealed partial class BlockSplitter(ITokenCounter tokens)
{
    [GeneratedRegex(@"(?<=[.!?…])\s+(?=[\p{Lu}\p{N}""'(\[])|(?<=[。！？])", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    public static string Render(Block block) => block.Kind switch
    {
        BlockKind.Table when block.Rows is { Count: > 0 } rows => string.Join("\n", rows.Select(RenderRow)),
        BlockKind.ListItem => new string(' ', Math.Max(0, block.Level - 1) * 2) + "- " + block.Text,
        _ => block.Text,
    };

    private static string RenderRow(IReadOnlyList<string> cells) => string.Join(" | ", cells);

    public IEnumerable<TextPiece> Split(Block block, int budget)
    {
        var text = Render(block).Trim();
        if (text.Length == 0)
        {
            yield break;
        }
        var count = tokens.CountTokens(text);
        if (count <= budget)
        {
            yield return new TextPiece(text, count, block.PageStart, block.PageEnd, false);
            yield break;
        }
        var parts = block.Kind == BlockKind.Table && block.Rows is { Count: > 1 }
            ? SplitTable(block.Rows, budget)
            : SplitProse(text, budget);
        var first = true;
        foreach (var part in parts)
        {
            yield return new TextPiece(part, tokens.CountTokens(part), block.PageStart, block.PageEnd, ContinuesBlock: !first && block.Kind != BlockKind.Table);
            first = false;
        }
    }

    private IEnumerable<string> SplitTable(IReadOnlyList<IReadOnlyList<string>> rows, int budget)
    {
        var header = RenderRow(rows[0]);
        var headerTokens = tokens.CountTokens(header);
        var group = new StringBuilder(header);
        var groupTokens = headerTokens;
        var rowsInGroup = 0;
        foreach (var row in rows.Skip(1))
        {
            var line = RenderRow(row);
            var lineTokens = tokens.CountTokens(line);
            if (rowsInGroup > 0 && groupTokens + lineTokens > budget)
            {
                yield return group.ToString();
                group.Clear().Append(header);
                groupTokens = headerTokens;
                rowsInGroup = 0;
            }
            if (headerTokens + lineTokens > budget)
            {
                // A single row larger than the budget cannot stay whole; it is cut like prose, header first.
                foreach (var part in SplitProse(header + "\n" + line, budget))
                {
                    yield return part;
                }
                continue;
            }
            group.Append('\n').Append(line);
            groupTokens += lineTokens;
            rowsInGroup++;
        }
        if (rowsInGroup > 0)
        {
            yield return group.ToString();
        }
    }

    public static IEnumerable<string> Sentences(string text) =>
        SentenceEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0);

    private IEnumerable<string> SplitProse(string text, int budget)
    {
        foreach (var trimmed in Sentences(text))
        {
            if (tokens.CountTokens(trimmed) <= budget)
            {
                yield return trimmed;
                continue;
            }
            foreach (var part in SplitWords(trimmed, budget))
            {
                yield return part;
            }
        }
    }

    private IEnumerable<string> SplitWords(string sentence, int budget)
    {
        var current = new StringBuilder();
        var currentTokens = 0;
        foreach (var word in sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var wordTokens = tokens.CountTokens(word);
            if (wordTokens > budget)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                    currentTokens = 0;
                }
                foreach (var slice in SliceCharacters(word, budget))
                {
                    yield return slice;
                }
                continue;
            }
            if (currentTokens + wordTokens > budget && current.Length > 0)
            {
                yield return current.ToString();
                current.Clear();
                currentTokens = 0;
            }
            if (current.Length > 0)
            {
                current.Append(' ');
            }
            current.Append(word);
            currentTokens += wordTokens;
        }
        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    // A "word" over the budget (a hash, base64, a URL chain) is cut by characters, halving until it fits.
    private IEnumerable<string> SliceCharacters(string word, int budget)
    {
        var start = 0;
        while (start < word.Length)
        {
            var length = word.Length - start;
            while (length > 1 && tokens.CountTokens(word.Substring(start, length)) > budget)
            {
                length /= 2;
            }
            yield return word.Substring(start, length);
            start += length;
        }
    }
}

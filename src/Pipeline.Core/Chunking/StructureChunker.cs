using System.Text;
using Pipeline.Core.Documents;

namespace Pipeline.Core.Chunking;

/// <summary>
/// Cuts a structured document into chunks that respect its sections: a chunk never spans two headings,
/// blocks are packed whole while they fit, and only oversized blocks are cut (see <see cref="BlockSplitter"/>).
/// Budgets are in the embedding model's own tokens.
/// </summary>
public sealed class StructureChunker
{
    public const string HeadingSeparator = " › ";

    private readonly ITokenCounter _tokens;
    private readonly ChunkingOptions _options;
    private readonly BlockSplitter _splitter;

    public StructureChunker(ITokenCounter tokens, ChunkingOptions options)
    {
        options.Validate(tokens);
        _tokens = tokens;
        _options = options;
        _splitter = new BlockSplitter(tokens);
    }

    public IReadOnlyList<Chunk> Split(SourceDocument document)
    {
        var title = _options.Prefix == ChunkPrefix.TitleHeadings ? document.Title.Trim() : "";
        var chunks = new List<Chunk>();
        var headings = new List<(int Level, string Text)>();
        var section = new List<TextPiece>();

        foreach (var block in document.Blocks)
        {
            if (block.Kind == BlockKind.Heading)
            {
                EmitSection(section, title, headings, chunks);
                section.Clear();
                headings.RemoveAll(h => h.Level >= block.Level);
                headings.Add((block.Level, block.Text.Trim()));
                continue;
            }
            section.AddRange(_splitter.Split(block, BodyBudget(title, headings)));
        }
        EmitSection(section, title, headings, chunks);
        return chunks;
    }

    private int BodyBudget(string title, List<(int Level, string Text)> headings) =>
        _options.MaxTokens - PrefixTokens(Prefix(title, headings.Select(h => h.Text).ToList()));

    private void EmitSection(List<TextPiece> pieces, string title, List<(int Level, string Text)> headings, List<Chunk> chunks)
    {
        if (pieces.Count == 0)
        {
            return;
        }
        var path = headings.Select(h => h.Text).ToList();
        var prefix = Prefix(title, path);
        var budget = _options.MaxTokens - PrefixTokens(prefix);
        var prefixTokens = PrefixTokens(prefix);
        foreach (var (draft, overlap) in Pack(pieces, budget))
        {
            chunks.Add(ToChunk(chunks.Count, draft, path, prefix) with
            {
                PrefixTokens = prefixTokens,
                OverlapTokens = draft.Take(overlap).Sum(p => p.Tokens),
            });
        }
    }

    /// <summary>
    /// Greedy packing with overlap; a small last draft merges into the one before when it fits. Each draft comes with
    /// the number of its leading pieces repeated from the draft before.
    /// </summary>
    private List<(List<TextPiece> Pieces, int Overlap)> Pack(List<TextPiece> pieces, int budget)
    {
        var drafts = new List<(List<TextPiece> Pieces, int Overlap)>();
        var current = new List<TextPiece>();
        var currentTokens = 0;
        var overlapCount = 0;
        foreach (var piece in pieces)
        {
            if (current.Count > overlapCount && currentTokens + piece.Tokens > budget)
            {
                drafts.Add((current, overlapCount));
                current = Overlap(current, budget - piece.Tokens);
                currentTokens = current.Sum(p => p.Tokens);
                overlapCount = current.Count;
            }
            current.Add(piece);
            currentTokens += piece.Tokens;
        }
        if (current.Count > overlapCount)
        {
            var fresh = current.Skip(overlapCount).ToList();
            var freshTokens = fresh.Sum(p => p.Tokens);
            if (drafts.Count > 0 && freshTokens < _options.MinTokens && drafts[^1].Pieces.Sum(p => p.Tokens) + freshTokens <= budget)
            {
                drafts[^1].Pieces.AddRange(fresh);
            }
            else
            {
                drafts.Add((current, overlapCount));
            }
        }
        return drafts;
    }

    /// <summary>Trailing sentences of the previous draft, within the overlap budget and the room left.</summary>
    private List<TextPiece> Overlap(List<TextPiece> previous, int room)
    {
        var limit = Math.Min(_options.OverlapTokens, room);
        var taken = new List<TextPiece>();
        var used = 0;
        for (var p = previous.Count - 1; p >= 0 && limit > 0; p--)
        {
            var piece = previous[p];
            var sentences = BlockSplitter.Sentences(piece.Text).ToList();
            var fromPiece = new List<TextPiece>();
            var start = sentences.Count;
            while (start > 0 && used + _tokens.CountTokens(sentences[start - 1]) <= limit)
            {
                start--;
                var count = _tokens.CountTokens(sentences[start]);
                used += count;
                fromPiece.Insert(0, new TextPiece(sentences[start], count, piece.PageEnd, piece.PageEnd, ContinuesBlock: true));
            }
            if (fromPiece.Count > 0 && taken.Count > 0)
            {
                // Between two pieces the original joiner holds: a space inside a block, a blank line between blocks.
                taken[0] = taken[0] with { ContinuesBlock = previous[p + 1].ContinuesBlock };
            }
            taken.InsertRange(0, fromPiece);
            if (start > 0)
            {
                break;
            }
            if (p == 0)
            {
                // The whole draft fits the overlap: repeating it entirely is duplication, not overlap.
                return [];
            }
        }
        if (taken.Count > 0)
        {
            taken[0] = taken[0] with { ContinuesBlock = false };
        }
        return taken;
    }

    private Chunk ToChunk(int ordinal, List<TextPiece> pieces, IReadOnlyList<string> path, string prefix)
    {
        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (text.Length > 0)
            {
                text.Append(piece.ContinuesBlock ? " " : "\n\n");
            }
            text.Append(piece.Text);
        }
        var body = text.ToString();
        var embedded = prefix.Length == 0 ? body : prefix + "\n\n" + body;
        return new Chunk(
            ordinal,
            body,
            embedded,
            _tokens.CountTokens(embedded),
            Hashing.ContentHash.Of(embedded),
            path,
            pieces.Min(p => p.PageStart),
            pieces.Max(p => p.PageEnd));
    }

    /// <summary>
    /// The prefix, within a quarter of the budget: the heading path shortened from the top, after the document title when
    /// asked for (dropped first when even the innermost heading does not fit beside it). A title that merely repeats the
    /// first heading is not said twice.
    /// </summary>
    private string Prefix(string title, IReadOnlyList<string> path)
    {
        if (_options.Prefix == ChunkPrefix.None)
        {
            return "";
        }
        if (title.Length > 0 && path.Count > 0 && string.Equals(title, path[0], StringComparison.OrdinalIgnoreCase))
        {
            title = "";
        }
        string[] lead = title.Length == 0 ? [] : [title];
        for (var skip = 0; skip < path.Count; skip++)
        {
            var candidate = string.Join(HeadingSeparator, lead.Concat(path.Skip(skip)));
            if (_tokens.CountTokens(candidate) <= _options.MaxTokens / 4)
            {
                return candidate;
            }
        }
        if (title.Length > 0)
        {
            return path.Count == 0 && _tokens.CountTokens(title) <= _options.MaxTokens / 4 ? title : Prefix("", path);
        }
        return "";
    }

    private int PrefixTokens(string prefix) => prefix.Length == 0 ? 0 : _tokens.CountTokens(prefix);
}

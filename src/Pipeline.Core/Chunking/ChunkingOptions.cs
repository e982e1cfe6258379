namespace Pipeline.Core.Chunking;

public sealed class ChunkingOptions
{
    /// <summary>Budget per chunk in model tokens, heading prefix included, special tokens excluded.</summary>
    public int MaxTokens { get; set; } = 384;

    /// <summary>Share of the budget repeated from the end of the previous chunk of the same section.</summary>
    public int OverlapPercent { get; set; } = 10;

    /// <summary>What goes before the text the model embeds and the lexical index reads (see <see cref="ChunkPrefix"/>).</summary>
    public ChunkPrefix Prefix { get; set; } = ChunkPrefix.TitleHeadings;

    /// <summary>
    /// The option before <see cref="Prefix"/>, kept for job files that still set it: true is <see cref="ChunkPrefix.Headings"/>,
    /// false <see cref="ChunkPrefix.None"/>. Reading it says whether any prefix is put.
    /// </summary>
    public bool PrependHeadingPath
    {
        get => Prefix != ChunkPrefix.None;
        set => Prefix = value ? ChunkPrefix.Headings : ChunkPrefix.None;
    }

    /// <summary>A final chunk of a section smaller than this share of the budget merges into its neighbour.</summary>
    public int MinTokensPercent { get; set; } = 15;

    public int OverlapTokens => MaxTokens * OverlapPercent / 100;

    public int MinTokens => MaxTokens * MinTokensPercent / 100;

    /// <summary>Throws when a value is out of range, including the budget against the model's own maximum.</summary>
    public void Validate(ITokenCounter model)
    {
        var ceiling = model.MaxModelTokens - model.SpecialTokens;
        if (MaxTokens < 16 || MaxTokens > ceiling)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens,
                $"chunking.maxTokens must be between 16 and {ceiling} (the model reads {model.MaxModelTokens} tokens including {model.SpecialTokens} special ones; more would be cut off silently)");
        }
        if (OverlapPercent is < 0 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(OverlapPercent), OverlapPercent, "chunking.overlapPercent must be between 0 and 50");
        }
        if (MinTokensPercent is < 0 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTokensPercent), MinTokensPercent, "chunking.minTokensPercent must be between 0 and 50");
        }
    }
}

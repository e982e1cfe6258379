namespace Pipeline.Extraction.Atlassian;

/// <summary>Where a converter is in the body's structure while it walks it.</summary>
/// <param name="Depth">Structural nesting so far; past <see cref="MaxDepth"/> content is flattened to text.</param>
/// <param name="ListLevel">Nesting of the enclosing lists: 0 outside any list, 1 for a top-level list's items.</param>
/// <param name="Prefix">Put before each paragraph, e.g. "Warning: " inside a warning panel or "> " in a quote.</param>
internal readonly record struct BlockContext(int Depth, int ListLevel, string Prefix)
{
    // Real bodies nest a handful of levels; the bound keeps a hostile body from exhausting the stack.
    public const int MaxDepth = 64;

    public static BlockContext Root { get; } = new(0, 0, string.Empty);

    public bool IsTooDeep => Depth > MaxDepth;

    public BlockContext Deeper() => this with { Depth = Depth + 1 };

    public BlockContext InList(int level) => this with { Depth = Depth + 1, ListLevel = level };

    public BlockContext Prefixed(string prefix) => this with { Depth = Depth + 1, Prefix = Prefix + prefix };
}

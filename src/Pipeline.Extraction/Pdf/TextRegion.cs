namespace Pipeline.Extraction.Pdf;

/// <summary>One block of text as laid out on a page, before it is classified as heading or paragraph.</summary>
/// <param name="Text">Normalised text, never empty.</param>
/// <param name="FontSize">Most common glyph size in points; 0 when unknown (the fallback path has no geometry).</param>
/// <param name="IsHorizontal">False for rotated text such as margin stamps, which is never a heading.</param>
internal sealed record TextRegion(string Text, int Page, double FontSize, int Lines, bool IsHorizontal)
{
    public int Characters => Text.Length;

    /// <summary>Nearly all of its glyphs are bold: at body size, the one sign of a run-in or minor heading.</summary>
    public bool IsBold { get; init; }

    /// <summary>What the block starts with when it is one item of a list.</summary>
    public ListMarker ListMarker { get; init; }

    /// <summary>
    /// Set by <see cref="OutlineHeadings"/> when the region holds (part of) an outline title. Mutable because it
    /// is marked while the PDF is open, after the region was read, and read once all pages are in.
    /// </summary>
    public OutlineRole? Outline { get; set; }

    /// <summary>Cells row by row, header first, when the region is a table; <see cref="Text"/> then holds the rows as lines.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Rows { get; init; }
}

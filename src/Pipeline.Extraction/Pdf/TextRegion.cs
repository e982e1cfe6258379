namespace Pipeline.Extraction.Pdf;

/// <summary>One block of text as laid out on a page, before it is classified as heading or paragraph.</summary>
/// <param name="Text">Normalised text, never empty.</param>
/// <param name="FontSize">Most common glyph size in points; 0 when unknown (the fallback path has no geometry).</param>
/// <param name="IsHorizontal">False for rotated text such as margin stamps, which is never a heading.</param>
internal sealed record TextRegion(string Text, int Page, double FontSize, int Lines, bool IsHorizontal)
{
    public int Characters => Text.Length;
}

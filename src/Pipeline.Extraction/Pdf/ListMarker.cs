namespace Pipeline.Extraction.Pdf;

/// <summary>How a line announces a list item.</summary>
internal enum ListMarker
{
    None,

    /// <summary>A bullet glyph or dash, removed from the item's text (the chunker draws its own).</summary>
    Bullet,

    /// <summary>"1." or "a)", kept in the text because items refer to each other by it.</summary>
    Enumerator,
}

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// What the outline makes of a text region: the headings it carries (spelt as the outline has them, at the
/// outline's levels; two when "APPENDIX" and "DATA TABLES" share a block), and the body text that follows them
/// inside the region, if any. A region that only continues a title split over several regions has neither.
/// </summary>
internal sealed record OutlineRole(IReadOnlyList<OutlineEntry> Headings, string? Remainder);

namespace Pipeline.Extraction.ReadingOrder;

/// <summary>Word pairs of one page's non-table text, and how many of them pdftotext's text of the page also has.</summary>
public sealed record PageAgreement(int Page, int Pairs, int Matched)
{
    public double Agreement => Pairs == 0 ? 1 : (double)Matched / Pairs;
}

/// <summary>Reading-order agreement of one file, per page and over all its measured pages.</summary>
public sealed record ReadingOrderFigures(IReadOnlyList<PageAgreement> Pages)
{
    public int Pairs => Pages.Sum(p => p.Pairs);

    public int Matched => Pages.Sum(p => p.Matched);

    /// <summary>Null when no page had measurable text (a scan, or only tables).</summary>
    public double? Agreement => Pairs == 0 ? null : (double)Matched / Pairs;

    /// <summary>The same figures without the given pages (pages pdftotext itself reads wrong).</summary>
    public ReadingOrderFigures Without(IEnumerable<int> pages)
    {
        var left = pages.ToHashSet();
        return new ReadingOrderFigures(Pages.Where(p => !left.Contains(p.Page)).ToList());
    }
}

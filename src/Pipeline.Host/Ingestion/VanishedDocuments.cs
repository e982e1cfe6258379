using Pipeline.Core.Sources;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// Indexed documents a full listing did not name, each looked up directly before it may be deleted: a listing can
/// be short for reasons that are not deletions (Data Center offset paging shifted by a deletion mid-listing, a
/// search index catching up, a page of results lost). Only a lookup that answers "gone" (404, moved, out of scope)
/// confirms a deletion; items still found, and items beyond the lookup budget, are kept for the next sync to judge.
/// </summary>
/// <param name="Gone">Confirmed gone by a lookup: these are deleted.</param>
/// <param name="StillPresent">Found by a lookup though not listed.</param>
/// <param name="Unchecked">Not looked up this run (over the budget).</param>
/// <param name="AccessLost">A lookup said the item is there but closed to the service account: hidden, not deleted.</param>
public sealed record VanishedDocuments(IReadOnlyList<string> Gone, int StillPresent, int Unchecked, IReadOnlyList<string> AccessLost)
{
    public int Kept => StillPresent + Unchecked;

    public static async Task<VanishedDocuments> ConfirmAsync(IDocumentSource source, IReadOnlyList<string> unlisted, int maxLookups, CancellationToken cancellationToken)
    {
        var gone = new List<string>();
        var lost = new List<string>();
        var present = 0;
        foreach (var externalId in unlisted.Take(maxLookups))
        {
            DocumentReference? found;
            try
            {
                found = await source.FindAsync(externalId, cancellationToken);
            }
            catch (Core.Access.AccessLostException)
            {
                lost.Add(externalId);
                continue;
            }
            if (found is null)
            {
                gone.Add(externalId);
            }
            else
            {
                present++;
            }
        }
        return new VanishedDocuments(gone, present, Math.Max(0, unlisted.Count - maxLookups), lost);
    }
}

using System.Globalization;
using Pipeline.Core.Redaction;
using Pipeline.Host.Jobs;
using Pipeline.Storage.Redaction;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires when a job's newest run found a secret (an access key, a token, a private key, a password) that none of its
/// earlier runs had found: someone pasted a credential into a page or an issue, and it should be rotated now, whatever
/// the index did with it. Clears with the job's next run. The e-mail names the detectors and documents, never a value.
/// </summary>
public sealed class SecretFoundConditionSource(RedactionCounts counts, JobCatalog catalog) : IAlertConditionSource
{
    private const int DocumentsListed = 10;

    public string Kind => "secret-found";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = await counts.NewSecretsAsync(catalog.Jobs.Select(j => j.Name).ToList(), DetectorNames.Secrets, cancellationToken);
        return found.Select(job =>
        {
            var documents = job.Found.Select(f => f.Document).Distinct(StringComparer.Ordinal).ToList();
            List<AlertFigure> figures =
            [
                new("new secrets", job.Found.Count.ToString(CultureInfo.InvariantCulture)),
                new("by detector", string.Join(", ", job.Found.GroupBy(f => f.Detector).Select(g => $"{g.Key} {g.Count()}"))),
                new("documents", string.Join(", ", documents.Take(DocumentsListed)) + (documents.Count > DocumentsListed ? $" and {documents.Count - DocumentsListed} more" : "")),
                new("run", $"#{AlertFigure.Format(job.RunId)} at {AlertFigure.Format(job.FoundAt)}"),
            ];
            return new AlertCondition($"{Kind}:{job.Job}", Kind, job.Job,
                $"{job.Job}: {job.Found.Count} new secret(s) found in {documents.Count} document(s)", figures,
                "secret-found-in-a-source.md", "/hangfire/pipeline/quality");
        }).ToList();
    }
}

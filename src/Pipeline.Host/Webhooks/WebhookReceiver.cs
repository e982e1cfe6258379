using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Jobs;
using Pipeline.Host.Scheduling;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Webhooks;

/// <summary>
/// Authenticates a delivery by its signature (the secret that verifies it also names the job), then queues a
/// re-read of the one item it is about and answers 202 at once. Nothing in the body is trusted as content.
/// </summary>
public sealed partial class WebhookReceiver(
    JobCatalog catalog,
    WebhookOptions options,
    WebhookDeliveries deliveries,
    PendingReingestions pending,
    IBackgroundJobClient jobs,
    ILogger<WebhookReceiver> logger)
{
    public const string DeliveryHeader = "X-Atlassian-Webhook-Identifier";

    /// <param name="formerItemOf">The item's previous id (a moved Jira issue's old key), re-read too so it leaves the index.</param>
    public async Task<IResult> ReceiveAsync(HttpContext http, string sourceKind, Func<JsonElement, string?> itemOf, Func<JsonElement, string?>? formerItemOf = null)
    {
        var (body, job, refused) = await AuthenticateAsync(http, sourceKind);
        if (refused is not null || job is null || body is null)
        {
            return refused ?? Results.Unauthorized();
        }

        string? item;
        string? former = null;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            item = itemOf(document.RootElement);
            former = formerItemOf?.Invoke(document.RootElement);
        }
        catch (JsonException)
        {
            item = null;
        }
        if (item is null)
        {
            LogRejected(sourceKind, "no item id in the body");
            return Results.BadRequest(new { error = "the body names no issue or page" });
        }

        var delivery = http.Request.Headers[DeliveryHeader].ToString();
        if (delivery.Length is > 0 and <= 200 && !await deliveries.TryRecordAsync(delivery, job.Name, item, http.RequestAborted))
        {
            LogDuplicate(job.Name, item, delivery);
            return Results.Accepted(value: new { job = job.Name, item, duplicate = true });
        }
        var id = await QueueAsync(job.Name, item, http.RequestAborted);
        if (former is not null && !string.Equals(former, item, StringComparison.OrdinalIgnoreCase))
        {
            await QueueAsync(job.Name, former, http.RequestAborted);
        }
        // Coalesced: a re-read of this item is already waiting and will read what this delivery announced.
        return id is null
            ? Results.Accepted(value: new { job = job.Name, item, coalesced = true })
            : Results.Accepted(value: new { job = job.Name, item, hangfire_job = id });
    }

    /// <summary>Queues a re-read of the item unless one is already waiting; the Hangfire job id, or null when coalesced.</summary>
    private async Task<string?> QueueAsync(string jobName, string item, CancellationToken cancellationToken)
    {
        if (!await pending.TryClaimAsync(jobName, item, cancellationToken))
        {
            LogCoalesced(jobName, item);
            return null;
        }
        var id = jobs.Create<ReingestDocumentJob>(j => j.RunAsync(jobName, item, "webhook", CancellationToken.None), new Hangfire.States.EnqueuedState(ReingestDocumentJob.Queue));
        LogQueued(jobName, item, id);
        return id;
    }

    /// <summary>
    /// A restriction or permission changed (a page restricted, a space's or project's permissions edited, a group's
    /// members changed): the job's permission sync is queued at once, instead of waiting for its next cycle. The body
    /// only has to be signed by the job's secret; what changed is read from the site, never from the body.
    /// </summary>
    public async Task<IResult> ReceivePermissionChangeAsync(HttpContext http, string sourceKind)
    {
        var (body, job, refused) = await AuthenticateAsync(http, sourceKind);
        if (refused is not null || job is null || body is null)
        {
            return refused ?? Results.Unauthorized();
        }
        var delivery = http.Request.Headers[DeliveryHeader].ToString();
        if (delivery.Length is > 0 and <= 200 && !await deliveries.TryRecordAsync(delivery, job.Name, "permissions", http.RequestAborted))
        {
            LogDuplicate(job.Name, "permissions", delivery);
            return Results.Accepted(value: new { job = job.Name, permissions = true, duplicate = true });
        }
        var name = job.Name;
        var id = jobs.Create<PermissionSyncJob>(j => j.RunAsync(name, "webhook", CancellationToken.None), new Hangfire.States.EnqueuedState(ReingestDocumentJob.Queue));
        LogQueued(name, "permissions", id);
        return Results.Accepted(value: new { job = name, permissions = true, hangfire_job = id });
    }

    /// <summary>The bounded body and the job whose secret signed it, or the answer refusing the delivery.</summary>
    private async Task<(byte[]? Body, JobDefinition? Job, IResult? Refused)> AuthenticateAsync(HttpContext http, string sourceKind)
    {
        var body = await ReadBoundedAsync(http.Request, options.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            LogRejected(sourceKind, "body over the size limit");
            return (null, null, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
        }
        var signature = http.Request.Headers[WebhookSignature.Header].ToString();
        var job = catalog.Jobs.FirstOrDefault(j => j.Source.Kind == sourceKind && j.Enabled
            && Secret(j) is { } secret && WebhookSignature.IsValid(secret, body, signature));
        if (job is null)
        {
            LogRejected(sourceKind, string.IsNullOrEmpty(signature) ? "no signature" : "signature matches no job's secret");
            return (body, null, Results.Unauthorized());
        }
        return (body, job, null);
    }

    private static string? Secret(JobDefinition job) =>
        job.Source.WebhookSecretEnv is { } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } secret ? secret : null;

    /// <returns>The body, or null when it is longer than the limit (read no further than the limit).</returns>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook for {Job} item {Item}: a re-read is already queued; coalesced")]
    private partial void LogCoalesced(string job, string item);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for {SourceKind} rejected: {Reason}")]
    private partial void LogRejected(string sourceKind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {Delivery} for {Job}/{Item} seen before; ignored")]
    private partial void LogDuplicate(string job, string item, string delivery);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook queued re-ingestion of {Job}/{Item} as Hangfire job {HangfireJobId}")]
    private partial void LogQueued(string job, string item, string hangfireJobId);
}

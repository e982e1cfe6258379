using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Access;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// Jira issues as documents, named by issue key (what people call them) and versioned by <c>fields.updated</c>.
/// Listings are cheap (no bodies); the incremental one asks for <c>updated &gt;=</c> the watermark minus an
/// overlap. An issue moved to another key is, under its old key, gone. Each issue carries its access: the holders of
/// Browse projects in its project's permission scheme AND, under a security level, that level's members.
/// </summary>
public sealed partial class JiraSource : IIncrementalSource, IAccessSource, IReportsRequests
{
    private readonly JiraOptions _options;
    private readonly JiraClient _client;
    private readonly ILogger _logger;

    // A source is built per run: what an ingest run reads of permission schemes, roles and levels lives as long as it.
    private readonly JiraAccessResolver _ingestAccess;

    /// <param name="key">The source's stable name, the namespace of its document ids (e.g. <c>jira:ops</c>).</param>
    /// <param name="httpClient">Optional; by default a process-wide pooled connection handler is used.</param>
    public JiraSource(string key, JiraOptions options, AtlassianCredentials credentials, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        options.Validate();
        Key = key;
        _options = options;
        _logger = loggerFactory?.CreateLogger<JiraSource>() ?? NullLogger<JiraSource>.Instance;
        _client = new JiraClient(options, credentials, httpClient, loggerFactory?.CreateLogger<JiraClient>(), key);
        _ingestAccess = new JiraAccessResolver(_client);
    }

    public string Key { get; }

    public SourceRequestCounts Requests => _client.Counts;

    public async IAsyncEnumerable<DocumentReference> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stamp in _client.SearchAsync(JiraQuery.Full(_options), cancellationToken))
        {
            yield return stamp.ToReference();
        }
    }

    public async IAsyncEnumerable<DocumentReference> ListChangedAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var jql = JiraQuery.ChangedSince(_options, since);
        LogChangedSince(Key, since, _options.OverlapMinutes);
        await foreach (var stamp in _client.SearchAsync(jql, cancellationToken))
        {
            yield return stamp.ToReference();
        }
    }

    /// <summary>
    /// The issue's current reference, or null when it is deleted, out of reach, now under another key (moved:
    /// Jira resolves the old key server-side instead of answering 404), or outside the source's scope (its JQL or
    /// projects): a system webhook fires for every project, and an issue may leave the scope by a move or an edit.
    /// Null makes the runner remove it from this source's index. A numeric issue id, as some webhooks carry, is
    /// accepted and answered with the issue's key as the document id.
    /// </summary>
    /// <exception cref="AccessLostException">
    /// The issue answers 403, or 404 while the service account no longer holds Browse projects on the key's project
    /// (Jira answers 404 for issues it hides): the issue may well be there, so it is hidden, not deleted.
    /// </exception>
    public async Task<DocumentReference?> FindAsync(string externalId, CancellationToken cancellationToken)
    {
        var byKey = JiraIssueKey.IsKey(externalId);
        if (!byKey && !JiraIssueKey.IsId(externalId))
        {
            return null;
        }
        var stamp = await _client.FindIssueAsync(externalId, cancellationToken);
        if (stamp is null)
        {
            // A numeric id names no project, so only a key can tell lost access from a deletion.
            if (!byKey)
            {
                return null;
            }
            var project = JiraIssueAccessFields.ProjectOf(externalId);
            if (!await _client.HasBrowseAsync(project, cancellationToken))
            {
                LogBrowseLost(Key, externalId, project);
                throw new AccessLostException($"Jira issue {externalId} answers 404 and the service account no longer has Browse projects on project {project}: access lost, not deleted");
            }
            return null;
        }
        if (byKey && !string.Equals(stamp.Key, externalId, StringComparison.OrdinalIgnoreCase))
        {
            LogMoved(externalId, stamp.Key);
            return null;
        }
        if (!JiraIssueKey.IsId(stamp.Id))
        {
            throw new SourceResponseException("malformed", $"Jira's answer for issue {externalId} has no numeric id");
        }
        if (!await _client.MatchesAsync(JiraQuery.InScope(_options, stamp.Id), stamp.Id, cancellationToken))
        {
            LogOutOfScope(Key, stamp.Key);
            return null;
        }
        return stamp.ToReference();
    }

    /// <summary>
    /// The issue as a document with its access. An issue whose access cannot be told (a holder this service cannot
    /// express, configuration it may not read) fails as <c>access-unknown</c>, never loaded as readable.
    /// </summary>
    /// <exception cref="AccessLostException">The issue answers 403: it is there but closed to the service account.</exception>
    public async Task<LoadResult> LoadAsync(DocumentReference reference, CancellationToken cancellationToken)
    {
        var key = reference.ExternalId;
        if (!JiraIssueKey.IsKey(key))
        {
            return LoadResult.Failed("bad-id", $"'{key}' is not a Jira issue key");
        }
        try
        {
            var issue = await _client.GetIssueAsync(key, cancellationToken);
            if (issue is null)
            {
                return LoadResult.Failed("missing", $"issue {key} disappeared between listing and reading");
            }
            if (!string.Equals(issue.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return LoadResult.Failed("moved", $"issue {key} is now {issue.Key}; it is listed under its new key");
            }
            // Before the comments: an issue whose access cannot be told costs no more requests.
            DocumentAccess access;
            try
            {
                access = await _ingestAccess.AccessOfAsync(JiraIssueAccessFields.From(issue.Key, issue.Fields), cancellationToken);
            }
            catch (AccessUnknownException e)
            {
                // Never stored as readable by anyone the source did not name: quarantined until access can be told.
                LogAccessUnknown(key);
                return LoadResult.Failed(AccessUnknownException.Reason, e.Message);
            }
            var comments = issue.CompleteEmbeddedComments() ?? await _client.GetCommentsAsync(issue.Id, cancellationToken);
            var isAdf = _options.Deployment == AtlassianDeployment.Cloud;
            var (document, unknown) = await Task.Run(() =>
            {
                var built = JiraIssueDocument.Build(issue, comments, _client.SiteUri, isAdf, out var unknownNodes);
                return (built, unknownNodes);
            }, cancellationToken);
            if (unknown > 0)
            {
                LogUnknownNodes(key, unknown);
            }
            return LoadResult.Loaded(document with { Access = access });
        }
        catch (SourceResponseException e) when (IsAboutThisIssue(e))
        {
            return LoadResult.Failed(e.Reason, e.Message);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            // An odd value deep in one issue (a custom app's field, a broken body) fails that issue only.
            return LoadResult.Failed("malformed", $"issue {key} could not be read: {e.Message}");
        }
    }

    /// <summary>
    /// Access of each issue as Jira grants it now, read afresh on every call (nothing cached across calls) and without
    /// bodies: access fields a hundred issues to a request, each project's scheme, roles and levels once. Issues the
    /// bulk answer leaves out are <see cref="AccessState.Lost"/> when they answer 403 or their project can no longer
    /// be browsed, <see cref="AccessState.Gone"/> when deleted or moved to another key.
    /// </summary>
    /// <exception cref="SourceResponseException">The site failed to answer (timeout, 5xx…): the sync fails and keeps what it had.</exception>
    public Task<IReadOnlyDictionary<string, AccessLookup>> ReadAccessAsync(IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken) =>
        new JiraAccessReader(_client, _logger).ReadAsync(externalIds, cancellationToken);

    /// <summary>
    /// Members of the <c>group:</c> principals (paged, bounded) and the e-mail addresses the site exposes of them and
    /// of the <c>user:</c> principals; lower case, never logged.
    /// </summary>
    public Task<PrincipalDirectory> ReadDirectoryAsync(IReadOnlyCollection<string> principals, CancellationToken cancellationToken) =>
        new JiraDirectoryReader(_client, _options.MaxConcurrency, _logger).ReadAsync(principals, cancellationToken);

    // What one issue's answer can get wrong, and the site failing to serve it (slow, throttled, down, out of reach): one
    // issue must not stop the others, and the runner keeps its last good version for the source-side reasons. The site
    // refusing the credentials (SourceAuthenticationException) fails the run.
    private static bool IsAboutThisIssue(SourceResponseException e) =>
        e.Reason is "malformed" or "not-json" or "too-large" or "status" or "timeout" or "throttled" or "unavailable" or "unreachable";

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}: listing Jira issues updated since {Since} minus {OverlapMinutes} min")]
    private partial void LogChangedSince(string source, DateTimeOffset since, int overlapMinutes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Jira issue {OldKey} moved to {NewKey}; the old key counts as deleted")]
    private partial void LogMoved(string oldKey, string newKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}: Jira issue {IssueKey} is outside the source's scope; it counts as deleted here")]
    private partial void LogOutOfScope(string source, string issueKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}: Jira issue {IssueKey} answers 404 and project {ProjectKey} can no longer be browsed; access lost, not deleted")]
    private partial void LogBrowseLost(string source, string issueKey, string projectKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jira issue {IssueKey}: who may read it cannot be told; held back as access-unknown")]
    private partial void LogAccessUnknown(string issueKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Jira issue {IssueKey}: {UnknownNodes} rich-text nodes had no mapping (text kept)")]
    private partial void LogUnknownNodes(string issueKey, int unknownNodes);
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Core.Sources;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// JSON over HTTP to one Atlassian site: authentication, the resilience pipeline, a cap on requests in flight,
/// bounded bodies, and answers turned into JSON or into exceptions that say what went wrong and where — never
/// with a secret in them.
/// </summary>
public sealed partial class AtlassianRestClient
{
    // Error bodies are only read for their message.
    private const int MaxErrorBodyBytes = 64 * 1024;

    // ADF nests two JSON levels per node: real descriptions pass the default depth of 64.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 4096 };

    private readonly string _product;
    private readonly string? _source;
    private readonly AtlassianSiteOptions _options;
    private readonly AtlassianCredentials _credentials;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly SemaphoreSlim _gate;
    private readonly RequestCounters _counters = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="product">"Jira" or "Confluence", for messages.</param>
    /// <param name="http">
    /// Optional; by default a process-wide pooled handler is used. A given client's own <see cref="HttpClient.Timeout"/>
    /// still applies on top of the per-attempt timeout, and must be finite.
    /// </param>
    /// <param name="source">The source's key (e.g. <c>jira:ops</c>), named in errors so a failed run says which job's source failed.</param>
    public AtlassianRestClient(
        string product, AtlassianSiteOptions options, AtlassianCredentials credentials,
        HttpClient? http = null, ILogger? logger = null, TimeProvider? time = null, string? source = null)
    {
        _product = product;
        _source = source;
        _options = options;
        _credentials = credentials;
        SiteUri = options.SiteUri;
        _http = http ?? SharedHttpHandler.CreateClient(options.Timeout);
        if (_http.Timeout == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("the HttpClient must have a finite Timeout: it is the backstop behind the per-attempt timeout", nameof(http));
        }
        _gate = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = AtlassianResiliencePipeline.Build(product, options, _counters, _time, _logger);
    }

    /// <summary>The site root, ending in '/'.</summary>
    public Uri SiteUri { get; }

    public SourceRequestCounts Counts => _counters.Snapshot();

    /// <summary>GET that must succeed: a 404 is an error (a listing that silently found nothing would delete everything).</summary>
    public async Task<AtlassianResponse> GetAsync(string target, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, Resolve(target), null, notFoundIsNull: false, cancellationToken))!;

    /// <summary>
    /// GET of one item: null when the site says it does not exist (404); <see cref="Core.Access.AccessLostException"/> when it
    /// answers 403, the item being there but closed to the service account (a 401 still means the credentials were refused).
    /// </summary>
    public Task<AtlassianResponse?> FindAsync(string target, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, Resolve(target), null, notFoundIsNull: true, cancellationToken);

    /// <summary>POST of a JSON body that only reads (Jira search), so retrying it is safe.</summary>
    public async Task<AtlassianResponse> PostAsync(string target, JsonNode body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, Resolve(target), Encoding.UTF8.GetBytes(body.ToJsonString()), notFoundIsNull: false, cancellationToken))!;

    /// <summary>
    /// A path relative to the site (<c>rest/api/3/…</c>), root-relative (<c>/wiki/api/v2/…?cursor=…</c>, as
    /// Confluence's next links are), or absolute on the same site. Another host is refused: the credentials stay here.
    /// </summary>
    public Uri Resolve(string target)
    {
        var url = new Uri(SiteUri, target);
        if (Uri.Compare(url, SiteUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new SourceResponseException("foreign-link",
                $"{_product} pointed to {url.GetLeftPart(UriPartial.Authority)}, outside {Site}; not followed, so the credentials stay with the site");
        }
        return url;
    }

    private string Site => SiteUri.GetLeftPart(UriPartial.Authority);

    // "Jira source jira:ops at https://example.atlassian.net": the product, the job's source when known, the site.
    private string Who => _source is null ? $"{_product} at {Site}" : $"{_product} source {_source} at {Site}";

    private async Task<AtlassianResponse?> SendAsync(HttpMethod method, Uri url, byte[]? body, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        var started = _time.GetTimestamp();
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token => await AttemptAsync(method, url, body, token), cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw new SourceResponseException("unavailable", $"{Who} keeps failing; requests are paused for a while, try again later", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SourceResponseException("timeout",
                $"{Who} did not answer {method} {Shown(url)} within the {_options.Timeout.TotalSeconds:0.###} s request timeout ({Attempts(_options.Retries + 1)}, {Elapsed(started)} in all)", e);
        }
        catch (HttpRequestException e)
        {
            throw new SourceResponseException("unreachable", $"{Who} could not be reached ({e.HttpRequestError}): {e.Message}", e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceResponseException("unreachable", $"{Who} dropped the connection while answering {Shown(url)}: {e.Message}", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return await ParseAsync(response, url, cancellationToken);
            }
            if (response.StatusCode == HttpStatusCode.Forbidden && notFoundIsNull)
            {
                throw new Core.Access.AccessLostException($"{Who} answered 403 for {method} {Shown(url)}: the item is there but closed to the service account");
            }
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                LogRejected(_product, Site, status, _credentials.DescribedAs);
                throw SourceAuthenticationException.For(_product, SiteUri, status, _credentials);
            }
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }
            if (AtlassianResiliencePipeline.IsThrottling(response.StatusCode))
            {
                if (RetryAfter.Of(response, _time) is { } wait && wait > _options.MaxRetryAfter)
                {
                    throw new SourceResponseException("throttled",
                        $"{Who} asked to wait {wait.TotalSeconds:0} s ({status}), longer than the {_options.MaxRetryAfter.TotalSeconds:0} s this source waits; the next run resumes");
                }
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    throw new SourceResponseException("throttled", $"{Who} still throttled {Shown(url)} ({status}) after {_options.Retries} retries");
                }
            }
            // The attempt buffered at most the error cap: this reads memory, not the network.
            var detail = AtlassianErrorText.From(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            if (AtlassianResiliencePipeline.IsServerFault(response.StatusCode))
            {
                // The site's fault, not the item's: callers keep what they last read and try again next run.
                throw new SourceResponseException("unavailable",
                    $"{Who} answered {status} {response.ReasonPhrase} for {method} {Shown(url)} after {_options.Retries} retries{(detail is null ? "" : ": " + detail)}");
            }
            var redirect = response.Headers.Location is { } location ? $" redirecting to {location.GetLeftPart(UriPartial.Path)}" : "";
            throw new SourceResponseException("status",
                $"{_product} answered {status} {response.ReasonPhrase}{redirect} for {method} {Shown(url)}{(detail is null ? "" : ": " + detail)}");
        }
    }

    private async ValueTask<HttpResponseMessage> AttemptAsync(HttpMethod method, Uri url, byte[]? body, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            _credentials.Apply(request);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            _counters.Sent();
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            try
            {
                if (AtlassianResiliencePipeline.IsThrottling(response.StatusCode))
                {
                    _counters.Throttled();
                    LogThrottled(_product, (int)response.StatusCode, RetryAfter.Of(response, _time)?.TotalSeconds);
                }
                // Every body, whatever the status, is read here: inside the attempt, so the per-attempt timeout covers
                // a body that stalls, and bounded, so one that never ends (or inflates to GBs) cannot fill memory.
                await BufferAsync(response, url, cancellationToken);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task BufferAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        // An error body is only read for its message: its start is enough, and the rest is never read.
        var bytes = response.IsSuccessStatusCode
            ? await BoundedBody.ReadAsync(response.Content, _options.MaxResponseBytes, cancellationToken)
            : await BoundedBody.ReadPrefixAsync(response.Content, MaxErrorBodyBytes, cancellationToken);
        if (bytes is null)
        {
            throw new SourceResponseException("too-large",
                $"{_product} answered {Shown(url)} with more than {_options.MaxResponseBytes / (1024 * 1024)} MB; over the response limit");
        }
        var buffered = new ByteArrayContent(bytes);
        foreach (var header in response.Content.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content.Dispose();
        response.Content = buffered;
    }

    private async Task<AtlassianResponse> ParseAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !IsJson(mediaType))
        {
            throw new SourceResponseException("not-json",
                $"{_product} answered {Shown(url)} with {mediaType} ({(int)response.StatusCode}), not JSON: a login, proxy or maintenance page is in the way, or the site URL is wrong");
        }
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            var document = JsonDocument.Parse(Utf8Json(bytes), ParseOptions);
            return new AtlassianResponse(document, url, LinkHeader.Next(response));
        }
        catch (JsonException e)
        {
            throw new SourceResponseException("malformed", $"{_product} answered {Shown(url)} with malformed JSON ({e.Message})", e);
        }
    }

    /// <summary>
    /// The body as valid UTF-8 JSON: a leading BOM is dropped and invalid byte sequences (seen in old Data Center
    /// databases) become U+FFFD, so one bad character cannot fail a whole listing page.
    /// </summary>
    private static ReadOnlyMemory<byte> Utf8Json(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var start = span.StartsWith("\uFEFF"u8) ? 3 : 0;
        return Utf8.IsValid(span[start..])
            ? bytes.AsMemory(start)
            : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
    }

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private string Elapsed(long started) => $"{_time.GetElapsedTime(started).TotalSeconds:0.#} s";

    // Paths only: query strings hold JQL and cursors, long and of no use in a message.
    private static string Shown(Uri url) => url.GetLeftPart(UriPartial.Path);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Product} throttled a request ({Status}); Retry-After {RetryAfterSeconds} s")]
    private partial void LogThrottled(string product, int status, double? retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Product} at {Site} refused the credentials ({Status}) from {CredentialSource}")]
    private partial void LogRejected(string product, string site, int status, string credentialSource);
}

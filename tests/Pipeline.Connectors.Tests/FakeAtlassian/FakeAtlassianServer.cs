using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// A real HTTP server (Kestrel on a free loopback port) that plays an Atlassian site: it records every request,
/// can demand credentials, and can answer the next requests with a canned fault (429 with Retry-After, an HTML
/// login page, a 500) before going back to normal.
/// </summary>
public abstract class FakeAtlassianServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<InjectedFault> _faults = new();
    private readonly ConcurrentDictionary<InjectedDelay, byte> _delays = new();
    private readonly ConcurrentDictionary<Func<RecordedRequest, bool>, InjectedFault> _standingFaults = new();
    private WebApplication? _app;
    private volatile string? _requiredAuthorization;

    /// <summary>Root of the fake site, ending in '/': e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Bytes of every answer so far, as handed to the connections (compressed, for a gzip body).</summary>
    public SentBytes Sent { get; } = new();

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public void ClearRequests() => _requests.Clear();

    /// <summary>The next <paramref name="count"/> requests get this answer instead of the real one.</summary>
    public void FailNext(int count, InjectedFault fault)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Until <see cref="ClearFaults"/>, every request <paramref name="matches"/> accepts gets this answer (one item the site cannot serve).</summary>
    public void FailWhere(Func<RecordedRequest, bool> matches, InjectedFault fault) => _standingFaults[matches] = fault;

    /// <summary>The site serves every item again.</summary>
    public void ClearFaults() => _standingFaults.Clear();

    /// <summary>Until <see cref="ClearDelays"/>, requests the delay matches are held (a hanging or slow site).</summary>
    public InjectedDelay Delay(InjectedDelay delay)
    {
        _delays[delay] = 0;
        return delay;
    }

    /// <summary>The site recovers: held requests from now on are answered at once.</summary>
    public void ClearDelays() => _delays.Clear();

    /// <summary>The next <paramref name="count"/> requests are throttled: 429 with <c>Retry-After</c>.</summary>
    public void ThrottleNext(int count, string? retryAfter = "1", int status = 429) => FailNext(count, InjectedFault.Throttle(retryAfter, status));

    /// <summary>From now on only Basic e-mail:token is accepted; anything else gets 401.</summary>
    public void RequireApiToken(string email, string apiToken) =>
        _requiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{apiToken}"));

    /// <summary>From now on only this Bearer token is accepted; anything else gets 401.</summary>
    public void RequirePersonalAccessToken(string token) => _requiredAuthorization = "Bearer " + token;

    public void AllowAnonymous() => _requiredAuthorization = null;

    protected async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(Sent.Wrap)));
        var app = builder.Build();
        app.Use(InterceptAsync);
        Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
        _app = app;
    }

    /// <summary>The product's endpoints.</summary>
    protected abstract void Map(WebApplication app);

    private async Task InterceptAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true).ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        var recorded = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", body,
            context.Request.Headers.Authorization.FirstOrDefault(), DateTimeOffset.UtcNow);
        _requests.Enqueue(recorded);

        if (_delays.Keys.FirstOrDefault(d => d.Matches(recorded)) is { } delay)
        {
            try
            {
                await Task.Delay(delay.Delay ?? Timeout.InfiniteTimeSpan, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up waiting: nothing left to answer.
                return;
            }
        }

        var fault = _faults.TryDequeue(out var queued) ? queued : StandingFault(recorded);
        if (fault is not null)
        {
            context.Response.StatusCode = fault.Status;
            if (fault.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = fault.RetryAfter;
            }
            context.Response.ContentType = fault.ContentType;
            if (fault.Writer is { } writer)
            {
                await writer.WriteAsync(context.Response, context.RequestAborted);
                return;
            }
            if (fault.RawBody is { } raw)
            {
                await context.Response.Body.WriteAsync(raw, context.RequestAborted);
                return;
            }
            await context.Response.WriteAsync(fault.Body, context.RequestAborted);
            return;
        }
        if (_requiredAuthorization is { } required && context.Request.Headers.Authorization.FirstOrDefault() != required)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"errorMessages":["You are not authenticated. Authentication required to perform this operation."]}""", context.RequestAborted);
            return;
        }
        await next(context);
    }

    private InjectedFault? StandingFault(RecordedRequest request) =>
        _standingFaults.FirstOrDefault(f => f.Key(request)).Value;

    protected static Task JsonAsync(HttpContext context, JsonNode body, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    protected static Task NotFoundAsync(HttpContext context, string message) =>
        JsonAsync(context, new JsonObject { ["errorMessages"] = new JsonArray(message), ["errors"] = new JsonObject() }, StatusCodes.Status404NotFound);

    protected static int IntQuery(HttpContext context, string name, int fallback) =>
        int.TryParse(context.Request.Query[name].FirstOrDefault(), out var value) ? value : fallback;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        GC.SuppressFinalize(this);
    }
}

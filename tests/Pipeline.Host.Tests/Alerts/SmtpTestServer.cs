using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;

namespace Pipeline.Host.Tests.Alerts;

/// <summary>
/// A real SMTP server (the SmtpServer library) on 127.0.0.1: STARTTLS (or implicit TLS) with a self-signed certificate,
/// AUTH required (refused before TLS), every accepted message kept with its envelope.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public const string User = "alerts";
    public const string Password = "s3cret-smtp-password";

    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServerHost _server;
    private readonly Task _running;

    private SmtpTestServer(int port, X509Certificate2 certificate, bool implicitTls)
    {
        Port = port;
        Certificate = certificate;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                .Certificate(certificate)
                .IsSecure(implicitTls)
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CollectingStore(Received));
        services.Add(new DelegatingUserAuthenticator((user, password) => user == User && password == Password));
        _server = new SmtpServerHost(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public X509Certificate2 Certificate { get; }

    public string CertificateSha256 => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    /// <param name="port">0 picks a free port; a given port lets a test start the server where a client already points.</param>
    /// <param name="implicitTls">TLS from the first byte (port 465 style) instead of STARTTLS.</param>
    public static SmtpTestServer Start(int port = 0, bool implicitTls = false) => new(port == 0 ? FreePort() : port, SelfSignedCertificate(), implicitTls);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopping is what we asked for.
        }
        _stop.Dispose();
        Certificate.Dispose();
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so that the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A message as the server took it: the envelope recipients, who authenticated, whether TLS was on.</summary>
    public sealed record ReceivedMail(MimeMessage Message, IReadOnlyList<string> Recipients, string? AuthenticatedUser, bool Secure);

    private sealed class CollectingStore(ConcurrentQueue<ReceivedMail> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            received.Enqueue(new ReceivedMail(message, transaction.To.Select(m => $"{m.User}@{m.Host}").ToList(),
                context.Authentication.IsAuthenticated ? context.Authentication.User : null, context.Pipe.IsSecure));
            return SmtpResponse.Ok;
        }
    }
}
